package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.WavePlacement;
import dev.spotshift.events.WaveProgress;
import dev.spotshift.events.WaveState;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.schemas.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wave hand-off through the executor's own topology: the end of a first-wave migration, read back from
 * {@code rollout-events} under its own planId, reaches the waiting second-wave plan's partition through the internal
 * hand-off topic, and only a COMPLETED end starts it.
 */
class WaveHandoffTopologyTest {

    private static final String FIRST = "wave-plan-a";
    private static final String SECOND = "wave-plan-b";

    private static MigrationDecision secondWave() {
        MigrationDecision d = ContractEvents.approved(SECOND, T0, 10_000, 8_000, 6_000, 5_000, "s3://bucket/state/");
        d.getPlan().setWave(WavePlacement.newBuilder().setIndex(2).setCount(2).setName("expansion")
                .setPreviousWorkloads(List.of("data_etl_jobs")).setNextWorkloads(List.of())
                .setAfter(List.of(FIRST)).setNext(List.of()).build());
        return d;
    }

    private static RolloutEvent firstWaveEnded(MigrationStage outcome) {
        return RolloutEvent.newBuilder().setEnvelope(ContractEvents.envelope(FIRST, T0.plusSeconds(60), "executor-service/test"))
                .setStage(outcome).setSpotPercent(outcome == MigrationStage.COMPLETED ? 100 : 0)
                .setPayload(new MigrationFinished(outcome, "first wave over", 41.0))
                .setWave(WaveProgress.newBuilder().setIndex(1).setCount(2).setName("pilot").setState(WaveState.FINISHED)
                        .setDetail("wave 1 of 2 (pilot): this migration ended " + outcome).setNext(List.of(SECOND)).build())
                .build();
    }

    @Test
    void givenASecondWavePlanWaiting_whenTheFirstWavesMigrationCompletes_thenTheSecondStartsItsPreflight() {
        try (TopologyFixture f = new TopologyFixture()) {
            // Given the second wave's plan approved and waiting
            f.send(Topics.MIGRATION_DECISIONS, SECOND, secondWave());
            assertThat(f.state(SECOND).stage()).isEqualTo(Stage.APPROVED);
            assertThat(f.events).anySatisfy(e -> assertThat(e.getWave().getState()).isEqualTo(WaveState.WAITING));

            // When the first wave's migration ends COMPLETED on rollout-events, keyed by its own planId
            f.send(Topics.ROLLOUT_EVENTS, FIRST, firstWaveEnded(MigrationStage.COMPLETED));

            // Then the second plan has left APPROVED and said why it started
            assertThat(f.state(SECOND).stage()).isNotEqualTo(Stage.APPROVED);
            assertThat(f.events).filteredOn(e -> e.getEnvelope().getPlanId().equals(SECOND) && e.getWave() != null
                    && e.getWave().getState() == WaveState.STARTED).singleElement()
                    .satisfies(e -> assertThat(e.getWave().getDetail()).contains("COMPLETED", FIRST));
        }
    }

    @Test
    void givenASecondWavePlanWaiting_whenTheFirstWavesMigrationRollsBack_thenTheSecondIsAbortedBeforeTouchingCapacity() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.send(Topics.MIGRATION_DECISIONS, SECOND, secondWave());

            f.send(Topics.ROLLOUT_EVENTS, FIRST, firstWaveEnded(MigrationStage.ROLLED_BACK));

            assertThat(f.state(SECOND).stage()).isEqualTo(Stage.ABORTED);
            assertThat(f.cloudCommands).noneMatch(c -> c.getEnvelope().getPlanId().equals(SECOND));
        }
    }
}
