package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.Measurement;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.simulator.domain.Scenario;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ThinSavingsIT {

    @Test
    void savingsOfFortyFivePercentAgainstAFiftyPercentCriterionDoNotComplete() {
        // Given a workload whose spot price, once it is all on spot, leaves 45 % savings
        E2eStack.stack().useScenario(Scenario.THIN_SAVINGS);
        E2eStack.requireAllServices();

        // When the demo plan (success criterion: cost savings >= 50 %, the default; onCriteriaMissed: rollback) runs,
        // its steps at the quick rollout's pace: the criteria are judged over its unchanged validation period
        String planId = E2eStack.submit(E2eStack.quickDemoPlan(), null);
        MigrationStatus s = E2eStack.awaitFinal(planId);

        // Then it does not end COMPLETED: the missed criterion sends it back to on-demand
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isNotEqualTo(MigrationStage.COMPLETED)
                .isEqualTo(MigrationStage.ROLLED_BACK);
        // And the status lists each criterion with its threshold and measured value
        assertThat(s.getCriteria()).as("criteria in the status").isNotNull();
        assertThat(s.getCriteria().getResult()).isEqualTo(GateResult.FAIL);
        assertThat(s.getCriteria().getMeasurements()).extracting(Measurement::getMetric).containsExactly(
                "job_completion_rate_percent", "processing_time_increase_percent", "cost_savings_percent");
        Measurement savings = s.getCriteria().getMeasurements().get(2);
        assertThat(savings.getThreshold()).isEqualTo(50.0);
        assertThat(savings.getObserved()).isCloseTo(45.0, Offset.offset(0.5));
        assertThat(savings.getPassed()).isFalse();
        assertThat(s.getCriteria().getMeasurements().subList(0, 2)).allSatisfy(m -> assertThat(m.getPassed()).isTrue());
    }
}
