package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class HappyPathIT {

    @Test
    void completesTheDemoPlanAtFullSpotWithSavings() {
        // Given the whole system and a workload that behaves on spot
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        // When the demo plan is submitted
        String planId = E2eStack.submit(E2eStack.demoPlan(), null);
        // Then it completes at 100 % spot, having saved money, after every step's gate
        MigrationStatus s = E2eStack.awaitFinal(planId);
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(s.getSpotPercent()).isEqualTo(100);
        assertThat(s.getSavingsMicros()).isPositive();
        assertThat(s.getRollbacks()).isZero();
        // And its cost account: hours on both capacity kinds, jobs done, cheaper than on-demand per job
        assertThat(s.getAccounting()).as("cost account").isNotNull();
        assertThat(s.getAccounting().getSpotHours()).isPositive();
        assertThat(s.getAccounting().getJobsCompleted()).isPositive();
        assertThat(s.getAccounting().getCostMicros()).isLessThan(s.getAccounting().getOnDemandCostMicros());
        assertThat(s.getAccounting().getCostPerJobMicros()).isNotNull();
        if (s.getAccounting().getCostPerJobPercentOfBaseline() != null) {
            assertThat(s.getAccounting().getCostPerJobPercentOfBaseline()).isLessThan(100.0);
        }
        List<Integer> completedSteps = E2eStack.events(Topics.ROLLOUT_EVENTS, planId).stream()
                .map(RolloutEvent::getPayload).filter(RolloutStepCompleted.class::isInstance)
                .map(p -> ((RolloutStepCompleted) p).getSpotPercent()).toList();
        assertThat(completedSteps).containsExactly(25, 50, 75, 100);
        assertThat(E2eStack.events(Topics.GATE_VERDICTS, planId)).hasSizeGreaterThanOrEqualTo(4);
        // And the plan's record replays clean: causes, approvals, one trace id, status equal to the live one
        E2eStack.assertAuditClean(planId);
    }
}
