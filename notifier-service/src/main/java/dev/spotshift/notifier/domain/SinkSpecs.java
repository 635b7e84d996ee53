package dev.spotshift.notifier.domain;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the sinks from flat settings ({@code <prefix>.<name>.type|url|topic-arn|secret|plans|kinds|per-minute}) and
 * says, for each mistake, which setting it is in. A sink URL that is not https is refused unless plain HTTP is
 * allowed (tests only): a webhook secret and the plans' details must not cross a network in clear.
 */
public final class SinkSpecs {

    public static final int DEFAULT_PER_MINUTE = 30;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Set<String> KEYS = Set.of("type", "url", "topic-arn", "secret", "plans", "kinds", "per-minute");

    /** What was read: the sinks when {@code errors} is empty. */
    public record Parsed(List<SinkSpec> sinks, List<String> errors) {
        public Parsed {
            sinks = List.copyOf(sinks);
            errors = List.copyOf(errors);
        }
    }

    private SinkSpecs() {}

    public static Parsed parse(String prefix, Map<String, String> settings, boolean allowPlainHttp) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (!key.startsWith(prefix + ".")) {
                return;
            }
            String rest = key.substring(prefix.length() + 1);
            int dot = rest.indexOf('.');
            if (dot < 0 || !KEYS.contains(rest.substring(dot + 1))) {
                errors.add(key + ": unknown setting (a sink takes " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
                return;
            }
            byName.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>()).put(rest.substring(dot + 1), value.trim());
        });
        List<SinkSpec> sinks = new ArrayList<>();
        byName.forEach((name, s) -> read(prefix + "." + name, name, s, allowPlainHttp, errors).ifPresent(sinks::add));
        return new Parsed(sinks, errors);
    }

    private static Optional<SinkSpec> read(String at, String name, Map<String, String> s, boolean allowPlainHttp,
                                           List<String> errors) {
        int before = errors.size();
        if (!NAME.matcher(name).matches()) {
            errors.add(at + ": a sink name is lower-case letters, digits and dashes (got '" + name + "')");
        }
        SinkSpec.Type type = null;
        String typeText = s.get("type");
        if (typeText == null || typeText.isBlank()) {
            errors.add(at + ".type: missing (webhook, slack or sns)");
        } else {
            try {
                type = SinkSpec.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(at + ".type: '" + typeText + "' is not a sink type (webhook, slack or sns)");
            }
        }
        String target = null;
        if (type == SinkSpec.Type.SNS) {
            target = s.get("topic-arn");
            if (target == null || !TOPIC_ARN.matcher(target).matches()) {
                errors.add(at + ".topic-arn: " + (target == null ? "missing" : "'" + target + "' is not an SNS topic ARN"));
            }
            if (s.containsKey("url")) {
                errors.add(at + ".url: an sns sink sends to its topic-arn, not a URL");
            }
        } else if (type != null) {
            target = s.get("url");
            urlError(target, allowPlainHttp).ifPresent(e -> errors.add(at + ".url: " + e));
            if (s.containsKey("topic-arn")) {
                errors.add(at + ".topic-arn: only an sns sink has a topic");
            }
        }
        Optional<String> secret = Optional.ofNullable(s.get("secret")).filter(x -> !x.isBlank());
        if (type == SinkSpec.Type.WEBHOOK && secret.isEmpty()) {
            errors.add(at + ".secret: a webhook signs every body; give it the shared secret");
        }
        if (type != null && type != SinkSpec.Type.WEBHOOK && s.containsKey("secret")) {
            errors.add(at + ".secret: only a webhook signs its body");
        }
        Set<Notification.Kind> kinds = new LinkedHashSet<>();
        for (String k : list(s.get("kinds"))) {
            try {
                kinds.add(Notification.Kind.valueOf(k.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                errors.add(at + ".kinds: '" + k + "' is not a kind of notification (" + Arrays.toString(Notification.Kind.values()) + ")");
            }
        }
        int perMinute = DEFAULT_PER_MINUTE;
        if (s.containsKey("per-minute")) {
            try {
                perMinute = Integer.parseInt(s.get("per-minute"));
                if (perMinute < 1 || perMinute > 6000) {
                    errors.add(at + ".per-minute: between 1 and 6000 (got " + perMinute + ")");
                }
            } catch (NumberFormatException e) {
                errors.add(at + ".per-minute: '" + s.get("per-minute") + "' is not a whole number");
            }
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new SinkSpec(name, type, target, secret, new LinkedHashSet<>(list(s.get("plans"))), kinds, perMinute));
    }

    private static Optional<String> urlError(String url, boolean allowPlainHttp) {
        if (url == null || url.isBlank()) {
            return Optional.of("missing");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("'" + url + "' is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("'" + url + "' is not an http(s) URL with a host");
        }
        if (scheme.equals("http") && !allowPlainHttp) {
            return Optional.of("'" + url + "' is not https (plain http is allowed in tests only)");
        }
        return Optional.empty();
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
