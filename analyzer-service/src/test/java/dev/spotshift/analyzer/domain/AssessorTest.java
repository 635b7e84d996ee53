package dev.spotshift.analyzer.domain;

import static dev.spotshift.analyzer.domain.Markets.NOW;
import static dev.spotshift.analyzer.domain.Markets.flat;
import static dev.spotshift.analyzer.domain.Markets.hourly;
import static dev.spotshift.analyzer.domain.Markets.market;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.events.CandidateScore;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RejectionStage;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssessorTest {

    final Assessor assessor = new Assessor(Clock.fixed(NOW, ZoneOffset.UTC));
    final MigrationPlan plan = Plans.demo(); // m5.large, m5a.large, m5n.large in us-east-1a/b

    final Map<String, TypeMarket> healthy = Map.of(
            "m5.large", market("m5.large", 96_000, InterruptionFrequency.UNDER_5, 8, hourly("m5.large", "us-east-1a", flat(38_000, 24))),
            "m5a.large", market("m5a.large", 86_000, InterruptionFrequency.UNDER_5, 9, hourly("m5a.large", "us-east-1b", flat(30_000, 24))),
            "m5n.large", market("m5n.large", 119_000, InterruptionFrequency.OVER_20, 9, hourly("m5n.large", "us-east-1a", flat(40_000, 24))));

    @Test
    void aPlanWithGoodPoolsIsAnOpportunityRankedBestFirst() {
        Assessment a = assessor.assess(plan, healthy, "simulated:42");

        assertThat(a).isInstanceOf(Assessment.Opportunity.class);
        OpportunityAssessed o = ((Assessment.Opportunity) a).event();
        assertThat(o.getRecommendedInstanceTypes()).containsExactly("m5a.large", "m5.large");
        assertThat(o.getCandidates()).extracting(CandidateScore::getInstanceType).containsExactly("m5a.large", "m5.large", "m5n.large");
        assertThat(o.getExpectedSavingsPercent()).isEqualTo(65.12);
        // (0.086 - 0.030) $/h x 730 h x 1 instance
        assertThat(o.getExpectedMonthlySavingsMicros()).isEqualTo(40_880_000L);
        assertThat(o.getPlan()).isEqualTo(plan);
        assertThat(o.getMarketSource()).isEqualTo("simulated:42");
    }

    @Test
    void aPlanWhoseEveryPoolFailsIsRejectedAtMarketWithEveryFailedCriterion() {
        long[] swing = new long[24];
        for (int i = 0; i < 24; i++) {
            swing[i] = i % 2 == 0 ? 30_000 : 50_000;
        }
        Map<String, TypeMarket> volatileMarket = Map.of(
                "m5.large", market("m5.large", 96_000, InterruptionFrequency.UNDER_5, 8, hourly("m5.large", "us-east-1a", swing)),
                "m5a.large", market("m5a.large", 86_000, InterruptionFrequency.FROM_10_TO_15, 9, hourly("m5a.large", "us-east-1b", flat(30_000, 24))));

        Assessment a = assessor.assess(plan, volatileMarket, "simulated:42");

        PlanRejected r = ((Assessment.Rejection) a).event();
        assertThat(r.getStage()).isEqualTo(RejectionStage.MARKET);
        assertThat(r.getReasons()).extracting(Reason::getCode)
                .contains("PRICE_VARIATION_TOO_HIGH", "INTERRUPTION_RATE_TOO_HIGH", "UNKNOWN_INSTANCE_TYPE");
        assertThat(r.getCandidates()).hasSize(3).noneMatch(CandidateScore::getEligible);
    }

    @Test
    void aWorkloadThatCannotBeInterruptedIsRejectedForEligibilityBeforeTheMarketIsAsked() {
        plan.getWorkload().setInterruptionTolerant(false);
        plan.getWorkload().setRealTimeRequirement(true);

        PlanRejected r = ((Assessment.Rejection) assessor.assess(plan, Map.of(), "simulated:42")).event();

        assertThat(r.getStage()).isEqualTo(RejectionStage.ELIGIBILITY);
        assertThat(r.getReasons()).extracting(Reason::getCode).containsExactly("NOT_INTERRUPTION_TOLERANT", "REAL_TIME_REQUIREMENT");
    }

    @Test
    void aStatefulWorkloadNeedsACheckpointLocation() {
        plan.getWorkload().setStateless(false);
        plan.getCheckpoint().setLocation(null);

        PlanRejected r = ((Assessment.Rejection) assessor.assess(plan, healthy, "simulated:42")).event();

        assertThat(r.getReasons()).extracting(Reason::getCode).containsExactly("STATEFUL_WITHOUT_CHECKPOINT");
    }

    @Test
    void anInvalidPlanOffTheTopicIsRejectedAtValidationWithLocatedReasons() {
        plan.getRollout().setStepsPercent(List.of(50, 25));

        PlanRejected r = ((Assessment.Rejection) assessor.assess(plan, healthy, "simulated:42")).event();

        assertThat(r.getStage()).isEqualTo(RejectionStage.VALIDATION);
        assertThat(r.getReasons()).extracting(Reason::getCode, Reason::getLocation).containsExactly(
                org.assertj.core.groups.Tuple.tuple("STEPS_NOT_INCREASING", "rollout.stepsPercent[1]"),
                org.assertj.core.groups.Tuple.tuple("STEPS_NOT_ENDING_AT_100", "rollout.stepsPercent[1]"));
    }
}
