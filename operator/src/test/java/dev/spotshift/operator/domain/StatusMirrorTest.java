package dev.spotshift.operator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.operator.crd.MigrationPlanStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMirrorTest {

    @Test
    void stepsAndVerdictsAreCountedFromOneAsPeopleCountThem() {
        MigrationPlanStatus status = new MigrationPlanStatus();
        status.planIds = List.of("p.w.1");
        MigrationStatus s = status("p.w.1", MigrationStage.SHIFTING, false, 50, 1, "step 0: PASS", 2_300L);
        StatusMirror.mirror(status, Map.of("p.w.1", s)::get);
        assertThat(status.migrations.get(0).step).isEqualTo(2);
        assertThat(status.migrations.get(0).lastVerdict).isEqualTo("step 1: PASS");
        assertThat(status.stage).isEqualTo("SHIFTING");
        assertThat(status.savings).isEqualTo("$0.0023 (39%)");
    }

    @Test
    void aPlanOfSeveralWorkloadsShowsEachStageOnceTheMeanSpotShareAndTheSummedSavings() {
        MigrationPlanStatus status = new MigrationPlanStatus();
        status.planIds = List.of("a", "b", "c");
        Map<String, MigrationStatus> board = Map.of(
                "a", status("a", MigrationStage.COMPLETED, true, 100, 3, null, 1_000_000L),
                "b", status("b", MigrationStage.SHIFTING, false, 50, 1, null, 500_000L));
        StatusMirror.mirror(status, board::get);
        assertThat(status.stage).isEqualTo("COMPLETED,SHIFTING,SUBMITTED");
        assertThat(status.spotPercent).isEqualTo(50);
        assertThat(status.savings).isEqualTo("$1.5000");
        assertThat(StatusMirror.allEnded(status, board)).isFalse();
    }

    private static MigrationStatus status(String planId, MigrationStage stage, boolean terminal, int spot, int step,
                                          String verdict, long savings) {
        return MigrationStatus.newBuilder().setPlanId(planId).setStage(stage).setTerminal(terminal).setSpotPercent(spot)
                .setStepIndex(step).setStepsPercent(List.of(25, 50, 75, 100)).setLastVerdict(verdict)
                .setSavingsMicros(savings).setSavingsPercent(39.0).setUpdatedAt(Instant.now()).setLastEventId("e")
                .build();
    }
}
