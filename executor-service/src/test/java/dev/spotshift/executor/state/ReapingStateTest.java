package dev.spotshift.executor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.executor.domain.Reaping;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** What a restart restores from the reaper's changelog: this format, the last state release's, and 0.1.x's JSON. */
class ReapingStateTest {

    private static final Reaping PENDING = new Reaping("i-0abc", "plan-1", "m5.large", "eu-west-1a", true, true,
            "no plan holds it", Reaping.Status.PENDING, 1, "cmd-1", Instant.parse("2026-01-01T02:00:00.123456789Z"),
            Instant.parse("2026-01-01T02:01:00Z"));
    private static final Reaping REPORTED = new Reaping("i-0def", null, null, null, false, false, "untagged",
            Reaping.Status.REPORTED, 0, null, Instant.parse("2026-01-01T02:00:00Z"), null);

    private final Serde<Reaping> serde = StateSerde.reapings();

    @Test
    void aReapingRoundTripsExactlyToTheNanosecond() {
        for (Reaping r : List.of(PENDING, REPORTED)) {
            byte[] bytes = serde.serializer().serialize("t", r);
            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(r);
        }
    }

    @Test
    void aReapingWrittenWithThePreviousReleasedStateSchemaReadsWithTheCurrentOne() throws Exception {
        // Given the reaping as the latest state release's writer stored it
        byte[] asReleased = dev.spotshift.schemas.state.StateSchemas.writtenByLatestRelease(StateSerde.toState(PENDING));

        // Then the current code reads the same reaping
        assertThat(serde.deserializer().deserialize("t", asReleased)).isEqualTo(PENDING);
    }

    @Test
    void aReapingThe01xJsonStoredStillReads() throws Exception {
        // Given a reaping as 0.1.x stored it (Jackson, ISO instants), then it reads back the same
        for (Reaping r : List.of(PENDING, REPORTED)) {
            assertThat(serde.deserializer().deserialize("t", LegacyJson.bytes(r))).isEqualTo(r);
        }
    }
}
