package dev.spotshift.analyzer.domain;

import dev.spotshift.events.CandidateScore;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RejectionStage;
import dev.spotshift.schemas.plan.PlanError;
import dev.spotshift.schemas.plan.PlanParser;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Judges a plan in three stages, each ending the assessment when it fails: VALIDATION (the same
 * rules as the plan file), ELIGIBILITY (the workload), MARKET (every candidate type scored on the
 * market data). Candidates are ranked eligible first, then by score.
 */
public final class Assessor {

    private final Clock clock;

    public Assessor(Clock clock) {
        this.clock = clock;
    }

    /** Validation and eligibility need no market data; a non-empty answer is the rejection. */
    public java.util.Optional<Assessment> rejectBeforeMarket(MigrationPlan plan) {
        List<PlanError> invalid = PlanParser.validate(plan);
        if (!invalid.isEmpty()) {
            return java.util.Optional.of(reject(plan, RejectionStage.VALIDATION, invalid.stream().map(PlanError::toReason).toList(), List.of()));
        }
        List<Reason> ineligible = Eligibility.failures(plan);
        if (!ineligible.isEmpty()) {
            return java.util.Optional.of(reject(plan, RejectionStage.ELIGIBILITY, ineligible, List.of()));
        }
        return java.util.Optional.empty();
    }

    /** The whole assessment, given what the market said about each candidate type of the plan. */
    public Assessment assess(MigrationPlan plan, Function<String, TypeMarket> market, String marketSource) {
        java.util.Optional<Assessment> early = rejectBeforeMarket(plan);
        if (early.isPresent()) {
            return early.get();
        }
        Instant now = clock.instant();
        List<CandidateScorer.Scored> scored = plan.getSpot().getInstanceTypes().stream()
                .map(t -> CandidateScorer.scored(market.apply(t), plan.getWorkload().getAzPreference(), plan.getSpot(), plan.getMarket(), now))
                .sorted(RANKING)
                .toList();
        List<CandidateScore> ranked = scored.stream().map(CandidateScorer.Scored::candidate).toList();
        List<CandidateScore> eligible = ranked.stream().filter(CandidateScore::getEligible).toList();
        if (eligible.isEmpty()) {
            List<Reason> reasons = ranked.stream().flatMap(c -> c.getReasons().stream()).toList();
            return reject(plan, RejectionStage.MARKET, reasons, ranked);
        }
        CandidateScore best = eligible.get(0);
        long monthly = Math.round(scored.get(0).hourlySavingMicros() * CandidateScorer.HOURS_PER_MONTH * plan.getSpot().getTargetCapacity());
        return new Assessment.Opportunity(OpportunityAssessed.newBuilder()
                .setPlan(plan).setCandidates(ranked)
                .setRecommendedInstanceTypes(eligible.stream().map(CandidateScore::getInstanceType).toList())
                .setExpectedSavingsPercent(best.getSavingsPercent())
                .setExpectedMonthlySavingsMicros(monthly)
                .setMarketSource(marketSource)
                .build());
    }

    /** Eligible first, then higher score, then name (so equal scores rank the same every time). */
    static final Comparator<CandidateScorer.Scored> RANKING = Comparator
            .comparing((CandidateScorer.Scored s) -> !s.candidate().getEligible())
            .thenComparing(Comparator.comparingDouble((CandidateScorer.Scored s) -> s.candidate().getScore()).reversed())
            .thenComparing(s -> s.candidate().getInstanceType());

    private static Assessment reject(MigrationPlan plan, RejectionStage stage, List<Reason> reasons, List<CandidateScore> candidates) {
        return new Assessment.Rejection(PlanRejected.newBuilder()
                .setPlanName(plan.getName()).setStage(stage).setReasons(reasons).setCandidates(candidates).build());
    }

    /** For callers that gathered all market data up front. */
    public Assessment assess(MigrationPlan plan, Map<String, TypeMarket> market, String marketSource) {
        return assess(plan, t -> market.getOrDefault(t, TypeMarket.unknown(t)), marketSource);
    }
}
