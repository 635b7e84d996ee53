package dev.spotshift.audit;

import picocli.CommandLine;

/** Runs {@code replay} on its own, for a machine without the spotshift CLI. */
public final class ReplayMain {

    private ReplayMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayCommand()).execute(args));
    }
}
