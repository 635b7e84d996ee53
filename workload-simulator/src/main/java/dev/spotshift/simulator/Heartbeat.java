package dev.spotshift.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The simulator's liveness signal: its loop touches a file, and the container's probe checks the file is recent.
 * The simulator serves no port, so an exec probe on this file is the check that is true exactly when the loop runs
 * (a loop that died on an error stops touching it while the JVM lives on).
 */
public final class Heartbeat {

    /** How often the file is touched at most; a probe should allow several of these (the k8s one allows 60 s). */
    public static final Duration EVERY = Duration.ofSeconds(5);

    private final Path file;
    private Instant last;

    public Heartbeat(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Touches the file unless it was touched less than {@link #EVERY} ago; true when it did. */
    public boolean beat(Instant now) {
        if (last != null && Duration.between(last, now).compareTo(EVERY) < 0) {
            return false;
        }
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setLastModifiedTime(file, FileTime.from(now));
            last = now;
            return true;
        } catch (IOException e) {
            // Not fatal to the world the simulator plays; the probe notices the stale file.
            return false;
        }
    }
}
