package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.WorkloadReport;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One interrupted run of the demo plan ({@link E2eStack#demoPlanRunOnce}): each case asserts its own part of it. */
class InterruptionIT {

    static List<Object> payloads(String planId) {
        return E2eStack.events(Topics.ROLLOUT_EVENTS, planId).stream().map(r -> (Object) r.getPayload()).toList();
    }

    @Test
    void answersATwoMinuteWarningWithACheckpointAndAReplacementAndStillCompletes() {
        // Given one two-minute warning at 50 % spot
        String planId = E2eStack.demoPlanRunOnce(Scenario.INTERRUPTION);
        // Then the workload is told to checkpoint, answers, a replacement starts within the notice, and the plan completes
        MigrationStatus s = E2eStack.awaitFinal(planId);
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(s.getInterruptionsHandled()).isEqualTo(1);
        assertThat(E2eStack.events(Topics.WORKLOAD_REPORTS, planId)).singleElement()
                .satisfies(r -> assertThat(r.getSucceeded()).isTrue());
        assertThat(payloads(planId)).filteredOn(ReplacementLaunched.class::isInstance).singleElement()
                .satisfies(p -> assertThat(((ReplacementLaunched) p).getWithinNotice()).isTrue());
        // And the interruption path replays clean: each step names its cause, all on the plan's trace
        E2eStack.assertAuditClean(planId);
    }

    @Test
    void verifiesTheCheckpointTheWorkloadWroteBeforeTheReplacementResumes() {
        // Given one two-minute warning at 50 % spot, answered with a checkpoint
        String planId = E2eStack.demoPlanRunOnce(Scenario.INTERRUPTION);
        E2eStack.awaitFinal(planId);
        WorkloadReport report = E2eStack.events(Topics.WORKLOAD_REPORTS, planId).get(0);
        assertThat(payloads(planId)).filteredOn(CheckpointWritten.class::isInstance).singleElement()
                .satisfies(p -> assertThat(((CheckpointWritten) p).getSha256()).isEqualTo(report.getSha256()));
        assertThat(payloads(planId)).filteredOn(ReplacementLaunched.class::isInstance).singleElement()
                .satisfies(p -> assertThat(((ReplacementLaunched) p).getStateValidated()).isTrue());
    }
}
