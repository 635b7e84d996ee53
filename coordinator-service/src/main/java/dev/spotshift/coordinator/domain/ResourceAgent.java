package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.CandidateScore;
import dev.spotshift.events.FallbackConfig;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.SpotConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Is there capacity both ways? Spot capacity deep enough to land on (placement score, pools, AZ
 * spread, a strategy that follows capacity), and on-demand capacity guaranteed for the way back:
 * a rollback that finds no on-demand capacity is worse than never migrating, so an unguaranteed
 * fallback is a rejection, not a caution.
 */
public final class ResourceAgent implements Agent {

    /** Fewer pools than this and one pool's reclaim takes a large share of the group. */
    static final int MIN_COMFORTABLE_POOLS = 3;

    @Override
    public AgentKind kind() {
        return AgentKind.RESOURCE;
    }

    @Override
    public Opinion assess(OpportunityAssessed assessment) {
        MigrationPlan plan = assessment.getPlan();
        SpotConfig spot = plan.getSpot();
        int minScore = plan.getMarket().getMinPlacementScore();

        List<CandidateScore> usable = new ArrayList<>();
        for (CandidateScore c : assessment.getCandidates()) {
            if (c.getEligible() && c.getPoolCount() > 0 && c.getPlacementScore() >= minScore
                    && spot.getInstanceTypes().contains(c.getInstanceType())) {
                usable.add(c);
            }
        }
        double meanScore = usable.stream().mapToInt(CandidateScore::getPlacementScore).average().orElse(0);
        int pools = usable.stream().mapToInt(CandidateScore::getPoolCount).sum();
        Set<String> azs = spreadOver(usable, plan.getWorkload().getAzPreference());

        Opinion.Builder b = new Opinion.Builder(0.5 + 0.5 * Math.min(1.0, meanScore / 10.0))
                .evidence("candidates.usable", usable.size())
                .evidence("placementScore.mean", Math.round(meanScore * 10) / 10.0)
                .evidence("placementScore.min", minScore)
                .evidence("pools.total", pools)
                .evidence("availabilityZones.distinct", azs.size());

        checkFallback(spot, plan.getFallback(), b);

        if (usable.isEmpty()) {
            b.block("NO_SPOT_CAPACITY", "No eligible candidate has a placement score of at least " + minScore
                    + " with any spot pool.", "market.minPlacementScore");
        } else if (azs.isEmpty()) {
            b.block("NO_CAPACITY_IN_PREFERRED_AZS", "None of the usable candidates is offered in the preferred zones "
                    + plan.getWorkload().getAzPreference() + ".", "workload.azPreference");
        } else {
            if (pools < MIN_COMFORTABLE_POOLS) {
                b.caution("FEW_SPOT_POOLS", "Only " + pools + " spot pool(s); losing one reclaims a large share of the group.",
                        "spot.instanceTypes", 0.85);
            }
            if (azs.size() < 2) {
                b.caution("SINGLE_AZ", "Spot capacity sits in one availability zone only (" + azs + ").",
                        "workload.azPreference", 0.85);
            }
        }
        checkStrategy(spot.getAllocationStrategy(), b);

        List<String> types = usable.stream().map(CandidateScore::getInstanceType).toList();
        return b.build("CAPACITY_AVAILABLE", String.format(Locale.ROOT,
                "%d spot pool(s) over %d zone(s) with mean placement score %.1f, and on-demand fallback reserved for %d instance(s).",
                pools, azs.size(), meanScore, spot.getTargetCapacity()), 0.9, types);
    }

    private static void checkFallback(SpotConfig spot, FallbackConfig fallback, Opinion.Builder b) {
        b.evidence("capacity.target", spot.getTargetCapacity())
                .evidence("capacity.max", spot.getMaxCapacity())
                .evidence("fallback.reserved", fallback.getOnDemandCapacityReserved() ? 1 : 0);
        if (!fallback.getOnDemandCapacityReserved()) {
            b.block("FALLBACK_NOT_RESERVED", "On-demand fallback capacity is not reserved, so a rollback could find "
                    + "no on-demand capacity to return to.", "fallback.onDemandCapacityReserved");
        } else if (fallback.getCapacityReservationId() == null) {
            b.caution("FALLBACK_RESERVATION_UNNAMED", "The plan says on-demand capacity is reserved but names no "
                    + "capacity reservation, so it cannot be checked.", "fallback.capacityReservationId", 0.9);
        }
        if (spot.getMaxCapacity() < spot.getTargetCapacity()) {
            b.block("GROUP_MAX_TOO_SMALL", "The group's max size " + spot.getMaxCapacity()
                    + " cannot hold the target capacity " + spot.getTargetCapacity() + " when falling back to on-demand.",
                    "spot.maxCapacity");
        } else if (spot.getMaxCapacity() == spot.getTargetCapacity()) {
            b.caution("NO_ROOM_FOR_REPLACEMENT", "Max size equals the target, so a replacement cannot start before "
                    + "an interrupted instance is gone.", "spot.maxCapacity", 0.9);
        }
    }

    private static void checkStrategy(AllocationStrategy strategy, Opinion.Builder b) {
        switch (strategy) {
            case CAPACITY_OPTIMIZED, PRICE_CAPACITY_OPTIMIZED, CAPACITY_OPTIMIZED_PRIORITIZED -> { }
            case LOWEST_PRICE -> b.caution("LOWEST_PRICE_STRATEGY", "Lowest-price allocation piles into the cheapest "
                    + "pool, which is usually the most interrupted.", "spot.allocationStrategy", 0.8);
            default -> b.caution("UNKNOWN_STRATEGY", "The allocation strategy is unknown; capacity depth cannot be judged.",
                    "spot.allocationStrategy", 0.7);
        }
    }

    /** Zones the usable candidates are offered in, limited to the preferred ones when the plan names any. */
    private static Set<String> spreadOver(List<CandidateScore> usable, List<String> preferred) {
        Set<String> azs = new TreeSet<>();
        usable.forEach(c -> azs.addAll(c.getAvailabilityZones()));
        if (!preferred.isEmpty()) {
            azs.retainAll(preferred);
        }
        return azs;
    }
}
