package dev.spotshift.analyzer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.RejectionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LivePlansTest {

    final LivePlans live = new LivePlans();

    @Test
    void aPlanOnAGroupThatALivePlanDrivesIsRejectedNamingThatPlan() {
        // Given plan A accepted on us-east-1/etl and shifting
        live.accepted("plan-a", Plans.onGroup("us-east-1", "etl"));
        live.status("plan-a", MigrationStage.SHIFTING);

        // When plan B names the same group
        var rejection = live.rejection("plan-b", Plans.onGroup("us-east-1", "etl"));

        // Then B is rejected, and the reason names A
        assertThat(rejection).get().isInstanceOfSatisfying(Assessment.Rejection.class, r -> {
            PlanRejected event = r.event();
            assertThat(event.getStage()).isEqualTo(RejectionStage.DUPLICATE);
            assertThat(event.getReasons()).singleElement().satisfies(reason -> {
                assertThat(reason.getCode()).isEqualTo("GROUP_HAS_LIVE_PLAN");
                assertThat(reason.getMessage()).contains("plan-a").contains("etl").contains("us-east-1");
                assertThat(reason.getLocation()).isEqualTo("workload.autoScalingGroupName");
            });
        });
    }

    @Test
    void anAcceptedPlanWithNoStatusYetHoldsItsGroup() {
        // Given plan A accepted a moment ago, before the monitor wrote any status for it
        live.accepted("plan-a", Plans.onGroup("us-east-1", "etl"));

        // Then the group is taken already: the next plan in the analyzer's order must see it
        assertThat(live.holder("plan-b", Plans.onGroup("us-east-1", "etl"))).get()
                .extracting(LivePlans.Holder::planId).isEqualTo("plan-a");
    }

    @Test
    void theSameGroupNameInAnotherRegionIsAnotherGroup() {
        live.accepted("plan-a", Plans.onGroup("us-east-1", "etl"));

        assertThat(live.rejection("plan-b", Plans.onGroup("eu-west-1", "etl"))).isEmpty();
        assertThat(live.rejection("plan-c", Plans.onGroup("us-east-1", "etl-2"))).isEmpty();
    }

    @Test
    void aPlanListingAnInstanceThatALivePlanListsIsRejectedNamingThatPlanAndTheInstance() {
        // Given plan A over i-1 and i-2
        live.accepted("plan-a", Plans.onInstances("us-east-1", "i-1", "i-2"));

        // When plan B lists i-2 and i-3
        var rejection = live.rejection("plan-b", Plans.onInstances("us-east-1", "i-2", "i-3"));

        // Then
        assertThat(rejection).get().extracting(a -> ((Assessment.Rejection) a).event().getReasons().get(0))
                .satisfies(reason -> {
                    assertThat(reason.getCode()).isEqualTo("INSTANCES_HAVE_LIVE_PLAN");
                    assertThat(reason.getMessage()).contains("plan-a").contains("i-2").doesNotContain("i-1").doesNotContain("i-3");
                });
        assertThat(live.rejection("plan-c", Plans.onInstances("us-east-1", "i-3"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = MigrationStage.class, names = {"REJECTED", "DECLINED", "PREFLIGHT_FAILED", "ROLLED_BACK", "COMPLETED", "ABORTED", "FAILED"})
    void aGroupIsFreeAgainOnceItsPlanReachesATerminalStage(MigrationStage terminal) {
        // Given plan A on the group
        live.accepted("plan-a", Plans.onGroup("us-east-1", "etl"));
        live.status("plan-a", MigrationStage.SHIFTING);

        // When its status turns terminal
        live.status("plan-a", terminal);

        // Then another plan may have the group
        assertThat(live.isLive("plan-a")).isFalse();
        assertThat(live.rejection("plan-b", Plans.onGroup("us-east-1", "etl"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = MigrationStage.class, names = {"SUBMITTED", "ASSESSED", "VOTING", "APPROVED", "PREFLIGHT", "BASELINE",
            "SHADOW", "SHIFTING", "AWAITING_APPROVAL", "VALIDATING", "PAUSED", "ROLLING_BACK", "UNKNOWN_STAGE"})
    void aGroupStaysTakenWhileItsPlanIsInANonTerminalStage(MigrationStage stage) {
        live.accepted("plan-a", Plans.onGroup("us-east-1", "etl"));

        live.status("plan-a", stage);

        assertThat(live.rejection("plan-b", Plans.onGroup("us-east-1", "etl"))).isPresent();
    }

    @Test
    void aTerminalStatusReadBeforeTheAcceptanceStillEndsThePlan() {
        // Given a restart reading migration-status ahead of spot-assessments
        live.status("plan-a", MigrationStage.COMPLETED);

        // When the acceptance is read afterwards
        live.accepted("plan-a", Plans.onGroup("us-east-1", "etl"));

        // Then the plan is not live
        assertThat(live.isLive("plan-a")).isFalse();
        assertThat(live.rejection("plan-b", Plans.onGroup("us-east-1", "etl"))).isEmpty();
    }

    @Test
    void theLatestStatusDecidesSoAPlanBroughtBackFromATerminalStageHoldsItsGroupAgain() {
        live.accepted("plan-a", Plans.onGroup("us-east-1", "etl"));
        live.status("plan-a", MigrationStage.FAILED);

        live.status("plan-a", MigrationStage.ROLLING_BACK);

        assertThat(live.isLive("plan-a")).isTrue();
    }

    @Test
    void aPlanReplayedWithItsOwnIdIsNotRejectedByItself() {
        // Given plan A is live on the group
        live.accepted("plan-a", Plans.onGroup("us-east-1", "etl"));

        // When plan A comes again (an idempotent replay)
        var rejection = live.rejection("plan-a", Plans.onGroup("us-east-1", "etl"));

        // Then it is not its own rival
        assertThat(rejection).isEmpty();
    }

    @Test
    void aPlanNeverAcceptedHoldsNothingWhateverItsStatus() {
        live.status("plan-x", MigrationStage.SHIFTING);

        assertThat(live.isLive("plan-x")).isFalse();
        assertThat(live.rejection("plan-b", Plans.onGroup("us-east-1", "etl"))).isEmpty();
    }
}
