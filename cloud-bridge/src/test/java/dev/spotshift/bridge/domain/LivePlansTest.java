package dev.spotshift.bridge.domain;

import static dev.spotshift.bridge.domain.Fixtures.REGION;
import static dev.spotshift.bridge.domain.Fixtures.T0;
import static dev.spotshift.bridge.domain.Fixtures.groupPlan;
import static dev.spotshift.bridge.domain.Fixtures.instancePlan;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LivePlansTest {

    private final LivePlans plans = new LivePlans();

    @Test
    void anApprovedPlanOwnsItsGroupUntilItsTerminalStatus() {
        // Given an approved plan on a group
        plans.approved(groupPlan("p1", "etl", T0));
        assertThat(plans.ownerOfGroup(REGION, "etl")).map(LivePlan::planId).contains("p1");

        // When its terminal status arrives
        plans.ended("p1");

        // Then nobody owns the group any more
        assertThat(plans.ownerOfGroup(REGION, "etl")).isEmpty();
        assertThat(plans.isLive("p1")).isFalse();
        assertThat(plans.withGroup()).isEmpty();
    }

    @Test
    void aDecisionReadAfterTheTerminalStatusDoesNotReviveThePlan() {
        // Given the terminal status was read first (another topic, another partition)
        plans.ended("p1");

        // When the decision is read
        plans.approved(groupPlan("p1", "etl", T0));

        // Then the plan is not live
        assertThat(plans.isLive("p1")).isFalse();
        assertThat(plans.ownerOfGroup(REGION, "etl")).isEmpty();
    }

    @Test
    void theLaterApprovalOwnsAGroupTwoLivePlansClaim() {
        plans.approved(groupPlan("old", "etl", T0));
        plans.approved(groupPlan("new", "etl", T0.plusSeconds(60)));

        assertThat(plans.ownerOfGroup(REGION, "etl")).map(LivePlan::planId).contains("new");
        assertThat(plans.ownerOfGroup("us-east-2", "etl")).isEmpty();
    }

    @Test
    void aPlanOverSingleInstancesListsThemAndIsNotSampled() {
        plans.approved(instancePlan("p2", "i-1", "i-2"));

        assertThat(plans.listing(REGION, "i-2")).map(LivePlan::planId).contains("p2");
        assertThat(plans.listing(REGION, "i-3")).isEmpty();
        assertThat(plans.withGroup()).isEmpty();
        assertThat(plans.size()).isEqualTo(1);
    }
}
