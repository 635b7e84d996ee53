package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.monitor.domain.Accounting;
import dev.spotshift.monitor.domain.BaselineFigures;
import dev.spotshift.monitor.domain.Budget;
import dev.spotshift.monitor.domain.Limits;
import dev.spotshift.monitor.domain.OpenGate;
import dev.spotshift.monitor.domain.PeriodCriteria;
import dev.spotshift.monitor.domain.PlanContext;
import dev.spotshift.monitor.domain.Review;
import dev.spotshift.monitor.domain.Sample;
import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.state.StateSchemas;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * What a restart restores from each of the monitor's changelogs: values in the one state format, values the latest
 * state release's schemas wrote, and values 0.1.x stored (its compact binary, the JSON before it, bare Avro).
 */
class StateSerdesTest {

    private static final PlanContext FULL = new PlanContext(Limits.seedDefaults().withReviews(List.of(
            new Review("scale_review", Review.Metric.CPU_UTILISATION_PERCENT, 80.0, null, 300_000),
            new Review("strategy_validation", Review.Metric.SAVINGS_PERCENT, null, 60.0, 3_600_000))),
            new BaselineFigures(1_000, 0.5, 120, 42.5, true), false, 1_700_000_000_000L, 1_700_000_060_000L,
            Map.of("ERROR_RATE", "plan-1:ERROR_RATE:1700000060000", "DEGRADATION", "c2"),
            List.of("e-1", "e-2", "é-ünïcødé-\uD83D\uDE80"), new Accounting(250, 750, 825, 1_000, 10, 1),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            new Budget(450_000L, null, 80.0, Budget.Level.WARNING));
    private static final PlanContext EMPTY = PlanContext.unknown();
    private static final Sample SAMPLE = new Sample("s-1", 1_700_000_001_000L, 1_000, 9, 1, 1_234, 55.5, 825, 1_000, 25, 2);
    private static final OpenGate GATE = new OpenGate(2, 1_000L, 61_000L, "e-7");
    private static final OpenGate PERIOD = OpenGate.validationPeriod(1_000L, 3_601_000L, "e-9",
            new PeriodCriteria(95.0, 10.0, 40.0));
    private static final OpenGate SHADOW_RUN = OpenGate.shadowPhase(1_000L, 7_201_000L, "e-11")
            .counting(new Sample("s-2", 2_000L, 1_000, 9, 1, 1_050, 50.0, 300, 1_000, 100, 0), 1);
    private static final MigrationStatus STATUS = MigrationStatus.newBuilder().setPlanId("plan-1")
            .setStage(MigrationStage.values()[0]).setTerminal(false).setSpotPercent(25)
            .setUpdatedAt(Instant.ofEpochMilli(1_700_000_000_000L)).setLastEventId("e-3").build();

    @Test
    void everyStoresValueRoundTripsExactly() {
        for (PlanContext p : List.of(FULL, EMPTY, FULL.ended(), FULL.withBudget(null))) {
            assertThat(roundTrip(StateSerdes.planContext(), p)).isEqualTo(p);
        }
        assertThat(roundTrip(StateSerdes.sample(), SAMPLE)).isEqualTo(SAMPLE);
        assertThat(roundTrip(StateSerdes.openGate(), GATE)).isEqualTo(GATE);
        assertThat(roundTrip(StateSerdes.openGate(), PERIOD)).isEqualTo(PERIOD);
        assertThat(roundTrip(StateSerdes.openGate(), SHADOW_RUN)).isEqualTo(SHADOW_RUN);
        assertThat(roundTrip(StateSerdes.openGate(), OpenGate.shadowPhase(1_000L, 2_000L, "e-12")))
                .isEqualTo(OpenGate.shadowPhase(1_000L, 2_000L, "e-12"));
        assertThat(roundTrip(StateSerdes.status(), STATUS)).isEqualTo(STATUS);
        assertThat(StateSerdes.sample().serializer().serialize("t", null)).isNull();
        assertThat(StateSerdes.sample().deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void everyStoresValueWrittenWithThePreviousReleasedStateSchemaReadsWithTheCurrentOne() throws IOException {
        // Given each store's value as the latest state release's writer stored it, when the current code restores it
        // Then it is the same value
        assertThat(StateSerdes.planContext().deserializer().deserialize("t",
                StateSchemas.writtenByLatestRelease(StateSerdes.toState(FULL)))).isEqualTo(FULL);
        assertThat(StateSerdes.planContext().deserializer().deserialize("t",
                StateSchemas.writtenByLatestRelease(StateSerdes.toState(EMPTY)))).isEqualTo(EMPTY);
        assertThat(StateSerdes.sample().deserializer().deserialize("t",
                StateSchemas.writtenByLatestRelease(StateSerdes.toState(SAMPLE)))).isEqualTo(SAMPLE);
        assertThat(StateSerdes.openGate().deserializer().deserialize("t",
                StateSchemas.writtenByLatestRelease(StateSerdes.toState(PERIOD)))).isEqualTo(PERIOD);
        assertThat(StateSerdes.status().deserializer().deserialize("t", StateSchemas.writtenByLatestRelease(STATUS))).isEqualTo(STATUS);
    }

    @Test
    void stateThe01xBinaryStoredStillReads() {
        for (PlanContext p : List.of(FULL, EMPTY, FULL.ended())) {
            assertThat(StateSerdes.planContext().deserializer().deserialize("t", LegacyWriters.binary(p))).isEqualTo(p);
        }
        assertThat(StateSerdes.sample().deserializer().deserialize("t", LegacyWriters.binary(SAMPLE))).isEqualTo(SAMPLE);
    }

    @Test
    void aPlansMemoryStoredBeforeReviewRulesAndBudgetsReadsWithNone() {
        // The binary before review rules ended after the trace: 0.1.x's bytes without the review count and budget flag
        PlanContext noReviews = new PlanContext(Limits.seedDefaults(), FULL.baseline(), false, 1L, 2L, Map.of(),
                List.of(), FULL.accounting(), null, null);
        byte[] withNone = LegacyWriters.binary(noReviews);
        byte[] earlier = java.util.Arrays.copyOf(withNone, withNone.length - Integer.BYTES - 1);

        assertThat(StateSerdes.planContext().deserializer().deserialize("t", earlier)).isEqualTo(noReviews);
    }

    @Test
    void stateStoredAsJsonOrBareAvroByEarlierVersionsStillReads() {
        assertThat(StateSerdes.planContext().deserializer().deserialize("t", LegacyWriters.json(FULL))).isEqualTo(FULL);
        assertThat(StateSerdes.sample().deserializer().deserialize("t", LegacyWriters.json(SAMPLE))).isEqualTo(SAMPLE);
        assertThat(StateSerdes.openGate().deserializer().deserialize("t", LegacyWriters.json(GATE))).isEqualTo(GATE);
        assertThat(StateSerdes.openGate().deserializer().deserialize("t", LegacyWriters.json(PERIOD))).isEqualTo(PERIOD);
        assertThat(StateSerdes.status().deserializer().deserialize("t", AvroBinarySerde.write(STATUS))).isEqualTo(STATUS);
    }

    @Test
    void aSampleChunkRoundTripsAndEverySampleStoredOnePerKeyBeforeChunksReadsAsAChunkOfOne() {
        Sample second = new Sample("s-2", 1_700_000_002_000L, 1_000, 3, 0, 900, 40.0, 300, 1_000, 25, 0);
        SampleChunk chunk = SampleChunk.stored(List.of(SAMPLE, second));

        assertThat(roundTrip(StateSerdes.sampleChunk(), chunk).samples()).containsExactly(SAMPLE, second);
        for (byte[] oneSample : List.of(StateSerdes.sample().serializer().serialize("t", SAMPLE),
                LegacyWriters.binary(SAMPLE), LegacyWriters.json(SAMPLE))) {
            assertThat(StateSerdes.sampleChunk().deserializer().deserialize("t", oneSample).samples())
                    .containsExactly(SAMPLE);
        }
        assertThat(StateSerdes.sampleChunk().deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void givenRandomChunks_whenWrittenDirectly_thenTheBytesAreThoseTheAvroStateWriterWrites() {
        // Given the state format's own writer (StateSerde over SampleChunkState), as the chunks were written before
        dev.spotshift.schemas.state.StateSerde<SampleChunk, dev.spotshift.state.SampleChunkState> avro =
                dev.spotshift.schemas.state.StateSerde.of(dev.spotshift.state.SampleChunkState.class,
                        StateSerdes::toState, StateSerdes::fromState, bytes -> null);
        Serde<SampleChunk> direct = StateSerdes.sampleChunk();
        java.util.Random rnd = new java.util.Random(42);
        List<String> ids = List.of("", "s-1", "é-ünïcødé-\uD83D\uDE80", "x".repeat(300));
        for (int round = 0; round < 500; round++) {
            List<Sample> samples = new java.util.ArrayList<>();
            int n = round == 0 ? 0 : rnd.nextInt(round < 50 ? 3 : 80);
            for (int i = 0; i < n; i++) {
                samples.add(new Sample(rnd.nextInt(10) == 0 ? null : ids.get(rnd.nextInt(ids.size())) + i,
                        rnd.nextLong(), rnd.nextInt(10) == 0 ? -rnd.nextLong() : rnd.nextInt(100_000),
                        rnd.nextInt(), rnd.nextInt(100), rnd.nextLong() >> rnd.nextInt(64),
                        rnd.nextInt(10) == 0 ? -0.0 : rnd.nextDouble() * 200 - 50, rnd.nextLong() >> rnd.nextInt(64),
                        rnd.nextInt(1_000_000), rnd.nextInt(101), rnd.nextInt(3) - 1));
            }
            SampleChunk chunk = SampleChunk.stored(samples);

            // When
            byte[] bytes = direct.serializer().serialize("t", chunk);

            // Then the same bytes, and they read back as the same samples
            assertThat(bytes).as("round %d, %d samples", round, n).isEqualTo(avro.write(chunk));
            assertThat(direct.deserializer().deserialize("t", bytes).samples()).isEqualTo(samples);
        }
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        byte[] bytes = serde.serializer().serialize("t", value);
        assertThat(bytes[0]).as("single-object marker").isEqualTo((byte) 0xC3);
        return serde.deserializer().deserialize("t", bytes);
    }
}
