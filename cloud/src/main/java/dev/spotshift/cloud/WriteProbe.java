package dev.spotshift.cloud;

import java.net.URI;

/** The outcome of a pre-flight write probe; {@code problem} says why a prefix is not writable (null when it is). */
public record WriteProbe(URI prefix, boolean writable, String problem) {
    public static WriteProbe ok(URI prefix) {
        return new WriteProbe(prefix, true, null);
    }

    public static WriteProbe failed(URI prefix, String problem) {
        return new WriteProbe(prefix, false, problem);
    }
}
