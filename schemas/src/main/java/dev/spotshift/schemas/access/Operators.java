package dev.spotshift.schemas.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The roster of people with the {@link Principal#OPERATOR} role ({@code operators.txt} beside this class): each logs
 * in as a principal of their own, so what reaches {@code operator-commands} or {@code kill-switch} was written by a
 * named person the broker authenticated, and the audit shows who. There is no shared {@code operator} login.
 */
public final class Operators {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9.-]{0,62}");
    private static final List<String> ROSTER = load();

    private Operators() {}

    /** The operators' login names, in the roster's order. */
    public static List<String> roster() {
        return ROSTER;
    }

    public static boolean isOperator(String user) {
        return ROSTER.contains(user);
    }

    static List<String> parse(List<String> lines) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!NAME.matcher(line).matches()) {
                throw new IllegalArgumentException("operators.txt line " + (i + 1) + ": '" + line
                        + "' is not a login name (lower-case letters, digits, '.', '-', starting with a letter)");
            }
            // a person may not take a service's name: that would hand them the service's ACLs as well
            boolean service = Arrays.stream(Principal.values()).anyMatch(p -> p.user().equals(line));
            if (service || names.contains(line)) {
                throw new IllegalArgumentException("operators.txt line " + (i + 1) + ": '" + line
                        + (service ? "' is a service principal's name" : "' is listed twice"));
            }
            names.add(line);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("operators.txt names no operator: no one could pause, abort or approve");
        }
        return List.copyOf(names);
    }

    private static List<String> load() {
        try (InputStream in = Operators.class.getResourceAsStream("operators.txt")) {
            if (in == null) {
                throw new IllegalStateException("operators.txt is missing beside " + Operators.class.getName());
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
