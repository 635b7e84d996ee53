package dev.spotshift.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.ShadowMismatchLog.Mismatch;
import dev.spotshift.cloud.sim.SimulatedCheckpoints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The convention by which a shadow run's mismatch records travel beside CloudWatch's count (on the simulated S3). */
class ShadowMismatchLogTest {

    private static final URI LOCATION = URI.create("s3://backup-bucket/spot-state/");
    private static final Instant T = Instant.parse("2026-12-07T10:00:00.250Z");
    private static final Mismatch JOB_7 = new Mismatch("job-7", "aa11", "bb22");

    @Test
    void givenAnIntervalsMismatchesWhenWrittenThenTheyLieUnderTheGroupKeyedByTheirMillisecondsAsJsonLines() {
        // Given an empty bucket
        SimulatedCheckpoints store = new SimulatedCheckpoints();

        // When the workload writes the interval stamped T with one mismatch
        ShadowMismatchLog.write(store, LOCATION, "etl", T, List.of(JOB_7));

        // Then one object at the documented key, one JSON line naming the job and both checksums
        URI key = URI.create("s3://backup-bucket/spot-state/shadow-mismatches/etl/1796637600250.jsonl");
        assertThat(ShadowMismatchLog.location(LOCATION, "etl", T)).isEqualTo(key);
        assertThat(new String(store.get(key), StandardCharsets.UTF_8))
                .isEqualTo("{\"jobId\":\"job-7\",\"servingChecksum\":\"aa11\",\"shadowChecksum\":\"bb22\"}\n");
    }

    @Test
    void givenIntervalsOnBothSidesOfAWindowWhenItIsReadThenOnlyTheRecordsStampedInsideItComeBack() {
        // Given records stamped just before, at the start of, inside and at the end of [T, T+1s), and another group's
        SimulatedCheckpoints store = new SimulatedCheckpoints();
        ShadowMismatchLog.write(store, LOCATION, "etl", T.minusMillis(1), List.of(new Mismatch("before", "a", "b")));
        ShadowMismatchLog.write(store, LOCATION, "etl", T, List.of(JOB_7));
        ShadowMismatchLog.write(store, LOCATION, "etl", T.plusMillis(999), List.of(new Mismatch("job-8", "c", "d"),
                new Mismatch("job-9", "e", "f")));
        ShadowMismatchLog.write(store, LOCATION, "etl", T.plusSeconds(1), List.of(new Mismatch("after", "a", "b")));
        ShadowMismatchLog.write(store, LOCATION, "other", T, List.of(new Mismatch("other", "a", "b")));

        // When the window [T, T+1s) of group etl is read
        List<Mismatch> read = ShadowMismatchLog.read(store, LOCATION, "etl", T, T.plusSeconds(1));

        // Then the three records stamped inside it, in time order
        assertThat(read).extracting(Mismatch::jobId).containsExactly("job-7", "job-8", "job-9");
    }

    @Test
    void givenNoMismatchWhenWrittenThenNoObjectIsWrittenAndAWindowReadsEmpty() {
        SimulatedCheckpoints store = new SimulatedCheckpoints();
        // When an interval without a mismatch is written
        ShadowMismatchLog.write(store, LOCATION, "etl", T, List.of());
        // Then nothing is there
        assertThat(store.list(LOCATION)).isEmpty();
        assertThat(ShadowMismatchLog.read(store, LOCATION, "etl", T.minusSeconds(60), T.plusSeconds(60))).isEmpty();
    }

    @Test
    void givenALineThatIsNoRecordWhenReadThenItIsPassedOverAndTheOthersStay() {
        // Given an object with a good line, garbage and a line without its shadow checksum
        SimulatedCheckpoints store = new SimulatedCheckpoints();
        store.put(ShadowMismatchLog.location(LOCATION, "etl", T), ("""
                {"jobId":"job-7","servingChecksum":"aa11","shadowChecksum":"bb22"}
                not json
                {"jobId":"job-8","servingChecksum":"cc33"}
                """).getBytes(StandardCharsets.UTF_8));

        // When its window is read
        List<Mismatch> read = ShadowMismatchLog.read(store, LOCATION, "etl", T, T.plusSeconds(1));

        // Then only the whole record comes back
        assertThat(read).containsExactly(JOB_7);
    }
}
