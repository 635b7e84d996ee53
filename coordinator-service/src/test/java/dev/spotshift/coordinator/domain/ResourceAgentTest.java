package dev.spotshift.coordinator.domain;

import static dev.spotshift.coordinator.domain.SeedPlans.assessed;
import static dev.spotshift.coordinator.domain.SeedPlans.candidate;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.events.VoteVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceAgentTest {

    private final ResourceAgent agent = new ResourceAgent();

    @Test
    void approvesWhenSpotPoolsAreDeepAndFallbackIsReserved() {
        Opinion o = agent.assess(assessed(pilotPlan().build()));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(o.confidence()).isEqualTo(0.85);
        assertThat(o.recommendedInstanceTypes()).containsExactly("m5.large", "m5a.large", "m5n.large");
        assertThat(o.evidence()).containsEntry("pools.total", 8.0).containsEntry("availabilityZones.distinct", 3.0)
                .containsEntry("fallback.reserved", 1.0);
    }

    @Test
    void rejectsWhenOnDemandFallbackIsNotReserved() {
        MigrationPlan plan = pilotPlan().build();
        plan.getFallback().setOnDemandCapacityReserved(false);

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(o.confidence()).isEqualTo(0.9);
        assertThat(o.reasons().get(0).getCode()).isEqualTo("FALLBACK_NOT_RESERVED");
        assertThat(o.reasons().get(0).getMessage()).contains("rollback could find no on-demand capacity");
    }

    @Test
    void rejectsWhenTheGroupCannotHoldTheTargetOnDemandAndCautionsWhenItHasNoRoomToSpare() {
        MigrationPlan tooSmall = pilotPlan().build();
        tooSmall.getSpot().setTargetCapacity(3);
        MigrationPlan exact = pilotPlan().build();
        exact.getSpot().setTargetCapacity(2);

        Opinion rejected = agent.assess(assessed(tooSmall));
        Opinion cautious = agent.assess(assessed(exact));

        assertThat(rejected.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(rejected.reasons()).extracting(Reason::getCode).containsExactly("GROUP_MAX_TOO_SMALL");
        assertThat(cautious.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(cautious.reasons()).extracting(Reason::getCode).contains("NO_ROOM_FOR_REPLACEMENT");
        assertThat(cautious.confidence()).isLessThan(0.85);
    }

    @Test
    void countsOnlyCandidatesAtOrAboveTheMinimumPlacementScore() {
        // Given the plan asks for placement score 5: one candidate at 5, one at 4
        MigrationPlan plan = pilotPlan().build();
        var atBoundary = assessed(plan, List.of(
                candidate("m5.large", 5, 2, "us-east-1a").build(),
                candidate("m5a.large", 4, 3, "us-east-1b").build()));
        var below = assessed(plan, List.of(candidate("m5.large", 4, 3, "us-east-1a").build()));

        Opinion thin = agent.assess(atBoundary);
        Opinion none = agent.assess(below);

        // Then the one at 5 counts, with less confidence for few pools in one zone; below 5 nothing counts
        assertThat(thin.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(thin.recommendedInstanceTypes()).containsExactly("m5.large");
        assertThat(thin.reasons()).extracting(Reason::getCode).contains("FEW_SPOT_POOLS", "SINGLE_AZ");
        assertThat(thin.confidence()).isLessThan(0.6);
        assertThat(none.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(none.reasons()).extracting(Reason::getCode).containsExactly("NO_SPOT_CAPACITY");
    }

    @Test
    void rejectsWhenNoUsableCandidateIsOfferedInThePreferredZones() {
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setAzPreference(List.of("us-east-1f"));

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(o.reasons()).extracting(Reason::getCode).containsExactly("NO_CAPACITY_IN_PREFERRED_AZS");
    }

    @Test
    void isLessConfidentWithLowestPriceAllocation() {
        MigrationPlan plan = pilotPlan().build();
        plan.getSpot().setAllocationStrategy(AllocationStrategy.LOWEST_PRICE);

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(o.confidence()).isEqualTo(0.68);
        assertThat(o.reasons()).extracting(Reason::getCode).contains("LOWEST_PRICE_STRATEGY");
    }
}
