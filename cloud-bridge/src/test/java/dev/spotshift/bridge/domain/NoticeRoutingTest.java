package dev.spotshift.bridge.domain;

import static dev.spotshift.bridge.domain.Fixtures.REGION;
import static dev.spotshift.bridge.domain.Fixtures.T0;
import static dev.spotshift.bridge.domain.Fixtures.groupPlan;
import static dev.spotshift.bridge.domain.Fixtures.inGroup;
import static dev.spotshift.bridge.domain.Fixtures.instancePlan;
import static dev.spotshift.bridge.domain.Fixtures.rebalance;
import static dev.spotshift.bridge.domain.Fixtures.replacement;
import static dev.spotshift.bridge.domain.Fixtures.untagged;
import static dev.spotshift.bridge.domain.Fixtures.warning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.bridge.domain.NoticeRouting.Bridge;
import dev.spotshift.bridge.domain.NoticeRouting.Route;
import dev.spotshift.bridge.domain.NoticeRouting.Unowned;
import dev.spotshift.cloud.Lifecycle;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoticeRoutingTest {

    private final LivePlans plans = new LivePlans();

    @Test
    void aWarningForAnInstanceOfALivePlansGroupBecomesThatPlansWarning() {
        // Given plan p1 shifts group etl
        plans.approved(groupPlan("p1", "etl", T0));

        // When one of the group's spot instances is warned
        Route route = NoticeRouting.route(warning("evt-1", "i-a"), REGION,
                Optional.of(inGroup("i-a", "etl", Lifecycle.SPOT)), plans);

        // Then the warning goes to p1 with the EventBridge id, the instance's type and zone, and the deadline
        assertThat(route).isInstanceOf(Bridge.class);
        Warning w = ((Bridge) route).warning();
        assertThat(w.planId()).isEqualTo("p1");
        assertThat(w.sourceEventId()).isEqualTo("evt-1");
        assertThat(w.twoMinuteWarning()).isTrue();
        assertThat(w.instanceType()).isEqualTo("m5.large");
        assertThat(w.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(w.action()).isEqualTo("terminate");
        assertThat(w.noticeAt()).isEqualTo(T0);
        assertThat(w.deadline()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aReplacementBelongsToThePlanOnItsOwnershipTagNotToAnyGroup() {
        plans.approved(groupPlan("p1", "etl", T0));
        plans.approved(groupPlan("p2", "other", T0));

        Route route = NoticeRouting.route(warning("evt-2", "i-r"), REGION, Optional.of(replacement("i-r", "p2")), plans);

        assertThat(route).isInstanceOfSatisfying(Bridge.class, b -> {
            assertThat(b.plan().planId()).isEqualTo("p2");
            assertThat(b.warning().instanceType()).isEqualTo("m5a.large");
        });
    }

    @Test
    void aReplacementOfAPlanThatEndedIsUnownedEvenIfSomeGroupIsLive() {
        plans.approved(groupPlan("p1", "etl", T0));
        plans.ended("p9");

        Route route = NoticeRouting.route(warning("evt-3", "i-r"), REGION, Optional.of(replacement("i-r", "p9")), plans);

        assertThat(route).isInstanceOfSatisfying(Unowned.class, u -> assertThat(u.reason()).contains("p9"));
    }

    @Test
    void anInstanceOfAGroupNoLivePlanShiftsIsUnowned() {
        plans.approved(groupPlan("p1", "etl", T0));

        Route route = NoticeRouting.route(warning("evt-4", "i-x"), REGION,
                Optional.of(inGroup("i-x", "orphan", Lifecycle.SPOT)), plans);

        assertThat(route).isInstanceOfSatisfying(Unowned.class,
                u -> assertThat(u.reason()).contains("i-x").contains("orphan"));
    }

    @Test
    void aGroupOfTheSameNameInAnotherRegionIsNotThePlans() {
        plans.approved(groupPlan("p1", "etl", T0));

        Route route = NoticeRouting.route(warning("evt-5", "i-a"), "us-east-2",
                Optional.of(inGroup("i-a", "etl", Lifecycle.SPOT)), plans);

        assertThat(route).isInstanceOf(Unowned.class);
    }

    @Test
    void anInstanceAPlanListsIsThatPlansEvenWhenEc2NoLongerKnowsIt() {
        plans.approved(instancePlan("p3", "i-1", "i-2"));

        Route known = NoticeRouting.route(warning("evt-6", "i-1"), REGION, Optional.of(untagged("i-1")), plans);
        Route gone = NoticeRouting.route(warning("evt-7", "i-2"), REGION, Optional.empty(), plans);
        Route stranger = NoticeRouting.route(warning("evt-8", "i-3"), REGION, Optional.empty(), plans);

        assertThat(known).isInstanceOfSatisfying(Bridge.class, b -> assertThat(b.plan().planId()).isEqualTo("p3"));
        assertThat(gone).isInstanceOfSatisfying(Bridge.class, b -> {
            assertThat(b.warning().instanceType()).isNull();
            assertThat(b.warning().availabilityZone()).isNull();
        });
        assertThat(stranger).isInstanceOfSatisfying(Unowned.class, u -> assertThat(u.reason()).contains("unknown to EC2"));
    }

    @Test
    void aRebalanceRecommendationIsBridgedWithItsNoticeTimeAsDeadline() {
        plans.approved(groupPlan("p1", "etl", T0));

        Route route = NoticeRouting.route(rebalance("evt-9", "i-a"), REGION,
                Optional.of(inGroup("i-a", "etl", Lifecycle.SPOT)), plans);

        assertThat(route).isInstanceOfSatisfying(Bridge.class, b -> {
            assertThat(b.warning().twoMinuteWarning()).isFalse();
            assertThat(b.warning().deadline()).isEqualTo(T0);
            assertThat(b.warning().action()).isNull();
        });
    }
}
