package dev.spotshift.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {

    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void createsTheFileOnTheFirstBeatStampedWithItsTime() throws IOException {
        Path file = dir.resolve("alive");
        Heartbeat h = new Heartbeat(file);

        assertThat(h.beat(T0)).isTrue();

        assertThat(file).exists();
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(T0);
    }

    @Test
    void touchesAtMostOnceAnIntervalSoAFastLoopCostsNoWrites() throws IOException {
        Path file = dir.resolve("alive");
        Heartbeat h = new Heartbeat(file);
        h.beat(T0);

        assertThat(h.beat(T0.plusSeconds(1))).isFalse();
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(T0);
        assertThat(h.beat(T0.plus(Heartbeat.EVERY))).isTrue();
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(T0.plus(Heartbeat.EVERY));
    }

    @Test
    void aFileThatCannotBeWrittenIsNoErrorTheProbeSeesItStale() {
        Heartbeat h = new Heartbeat(dir.resolve("missing-dir/alive"));

        assertThat(h.beat(T0)).isFalse();
        assertThat(dir.resolve("missing-dir/alive")).doesNotExist();
    }
}
