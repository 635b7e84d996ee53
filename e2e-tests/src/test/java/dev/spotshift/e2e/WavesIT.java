package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.WaveState;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 001's expansion order on the real stack: its two workloads ({@code examples/spot-migration-wave1.yaml}, the
 * batch ETL pilot in wave 1, report generation in wave 2) submitted as one file. The second migration is approved with
 * the first but touches nothing until the first has COMPLETED; the executor learns of that end through its wave
 * hand-off, on the second plan's own partition.
 */
class WavesIT {

    @Test
    void theSecondWaveStartsOnlyAfterEveryMigrationOfTheFirstCompleted() {
        // Given seed 001's two workloads in two waves, at demo speed, on a workload that behaves on spot (whatever
        // scenario ran before: after ThinSavingsIT's, the waves' savings would miss their criterion)
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        List<String> planIds = E2eStack.submitAll(E2eStack.seed001Waves(), null);
        assertThat(planIds).hasSize(2);
        String pilot = planIds.get(0);
        String expansion = planIds.get(1);

        // When both have run
        MigrationStatus first;
        MigrationStatus second;
        try {
            first = E2eStack.awaitFinal(pilot);
            second = E2eStack.awaitFinal(expansion);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the waves did not both end;\n" + E2eStack.described(pilot)
                    + E2eStack.described(expansion), e);
        }

        // Then both completed at 100 % spot
        assertThat(first.getStage()).as("wave 1 (pilot): %s", first).isEqualTo(MigrationStage.COMPLETED);
        assertThat(second.getStage()).as("wave 2 (expansion): %s", second).isEqualTo(MigrationStage.COMPLETED);

        // And wave 1's end names wave 2's plan as the one it lets start
        List<RolloutEvent> pilotEvents = E2eStack.events(Topics.ROLLOUT_EVENTS, pilot);
        RolloutEvent pilotEnd = pilotEvents.stream()
                .filter(e -> e.getWave() != null && e.getWave().getState() == WaveState.FINISHED)
                .findFirst().orElseThrow(() -> new AssertionError("wave 1 published no FINISHED wave mark"));
        assertThat(pilotEnd.getPayload()).isInstanceOf(MigrationFinished.class);
        assertThat(pilotEnd.getWave().getNext()).containsExactly(expansion);

        // And wave 2 waited, touching no capacity, until that end: its first step starts after it
        List<RolloutEvent> expansionEvents = E2eStack.events(Topics.ROLLOUT_EVENTS, expansion);
        RolloutEvent waiting = expansionEvents.stream()
                .filter(e -> e.getWave() != null && e.getWave().getState() == WaveState.WAITING)
                .findFirst().orElseThrow(() -> new AssertionError("wave 2 never said it waits for wave 1"));
        RolloutEvent started = expansionEvents.stream()
                .filter(e -> e.getWave() != null && e.getWave().getState() == WaveState.STARTED)
                .findFirst().orElseThrow(() -> new AssertionError("wave 2 never started"));
        RolloutEvent firstStep = expansionEvents.stream().filter(e -> e.getPayload() instanceof RolloutStepStarted)
                .findFirst().orElseThrow(() -> new AssertionError("wave 2 took no step"));
        assertThat(waiting.getEnvelope().getOccurredAt()).isBefore(pilotEnd.getEnvelope().getOccurredAt());
        assertThat(started.getEnvelope().getOccurredAt()).isAfterOrEqualTo(pilotEnd.getEnvelope().getOccurredAt());
        assertThat(firstStep.getEnvelope().getOccurredAt()).isAfterOrEqualTo(pilotEnd.getEnvelope().getOccurredAt());
        assertThat(expansionEvents.stream().takeWhile(e -> e != started).mapToInt(RolloutEvent::getSpotPercent).max()
                .orElse(0)).as("wave 2's spot share while it waited").isZero();
        assertThat(started.getWave().getDetail()).contains("COMPLETED", pilot);

        // And each replays clean in the audit
        E2eStack.assertAuditClean(pilot);
        E2eStack.assertAuditClean(expansion);
    }
}
