package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.Accounting;
import dev.spotshift.monitor.domain.BaselineFigures;
import dev.spotshift.monitor.domain.Limits;
import dev.spotshift.monitor.domain.Review;
import dev.spotshift.monitor.domain.PlanContext;
import dev.spotshift.monitor.domain.Sample;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** What a restart restores from the changelog is exactly what was stored, in this format and in the JSON before it. */
class StateSerdesTest {

    private static final PlanContext FULL = new PlanContext(Limits.seedDefaults(),
            new BaselineFigures(1_000, 0.5, 120, 42.5, true), false, 1_700_000_000_000L, 1_700_000_060_000L,
            Map.of("ERROR_RATE", "plan-1:ERROR_RATE:1700000060000", "DEGRADATION", "c2"),
            List.of("e-1", "e-2", "é-ünïcødé-\uD83D\uDE80"), new Accounting(250, 750, 825, 1_000, 10, 1),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            new dev.spotshift.monitor.domain.Budget(450_000L, null, 80.0, dev.spotshift.monitor.domain.Budget.Level.WARNING));
    private static final PlanContext EMPTY = PlanContext.unknown();
    private static final Sample SAMPLE = new Sample("s-1", 1_700_000_001_000L, 1_000, 9, 1, 1_234, 55.5, 825, 1_000, 25, 2);

    @Test
    void aPlansMemoryRoundTripsExactly() {
        Serde<PlanContext> serde = StateSerdes.planContext();
        for (PlanContext p : List.of(FULL, EMPTY, FULL.ended())) {
            byte[] bytes = serde.serializer().serialize("t", p);
            assertThat(bytes[0]).isEqualTo(StateSerdes.V1);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(p);
        }
    }

    @Test
    void aPlansReviewRulesRoundTripAndAMemoryWrittenBeforeThemReadsWithNone() throws Exception {
        Serde<PlanContext> serde = StateSerdes.planContext();
        PlanContext reviewed = new PlanContext(Limits.seedDefaults().withReviews(List.of(
                new Review("scale_review", Review.Metric.CPU_UTILISATION_PERCENT, 80.0, null, 300_000),
                new Review("strategy_validation", Review.Metric.SAVINGS_PERCENT, null, 60.0, 3_600_000))),
                FULL.baseline(), false, 1L, 2L, Map.of(), List.of(), FULL.accounting(), null, null);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", reviewed))).isEqualTo(reviewed);

        // The earlier format ended after the trace: the same bytes without the review count and the budget's flag
        PlanContext noBudget = FULL.withBudget(null);
        byte[] withNone = serde.serializer().serialize("t", noBudget);
        byte[] earlier = java.util.Arrays.copyOf(withNone, withNone.length - Integer.BYTES - 1);
        assertThat(serde.deserializer().deserialize("t", earlier)).isEqualTo(noBudget);
    }

    @Test
    void aSampleRoundTripsExactly() {
        Serde<Sample> serde = StateSerdes.sample();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", SAMPLE))).isEqualTo(SAMPLE);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void stateWrittenAsJsonByTheEarlierVersionStillReads() {
        byte[] legacyPlan = new JsonSerde<>(PlanContext.class).serializer().serialize("t", FULL);
        byte[] legacySample = new JsonSerde<>(Sample.class).serializer().serialize("t", SAMPLE);

        assertThat(StateSerdes.planContext().deserializer().deserialize("t", legacyPlan)).isEqualTo(FULL);
        assertThat(StateSerdes.sample().deserializer().deserialize("t", legacySample)).isEqualTo(SAMPLE);
    }
}
