package dev.spotshift.monitor.domain;

import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.CriteriaReport;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateScope;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.PlanAccounting;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.Reason;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.ReviewSignal;
import dev.spotshift.events.ReviewState;
import dev.spotshift.events.ReviewSummary;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutStepStarted;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Folds a plan's events into its one public status (the data classes of the event contract, no
 * Kafka). Stages before the rollout only move forward, since votes and decisions travel on
 * different topics and may be read in either order; the executor's rollout events say the stage
 * outright; a terminal status stays terminal.
 */
public final class StatusFold {

    public static final Set<MigrationStage> TERMINAL = EnumSet.of(MigrationStage.REJECTED, MigrationStage.DECLINED,
            MigrationStage.PREFLIGHT_FAILED, MigrationStage.COMPLETED, MigrationStage.ROLLED_BACK,
            MigrationStage.ABORTED, MigrationStage.FAILED, MigrationStage.CRITERIA_MISSED);
    private static final List<MigrationStage> BEFORE_ROLLOUT = List.of(MigrationStage.SUBMITTED,
            MigrationStage.ASSESSED, MigrationStage.VOTING, MigrationStage.APPROVED);

    private StatusFold() {}

    public static MigrationStatus initial(String planId, long atMillis) {
        return MigrationStatus.newBuilder().setPlanId(planId).setStage(MigrationStage.SUBMITTED).setTerminal(false)
                .setSpotPercent(0).setUpdatedAt(Instant.ofEpochMilli(atMillis)).setLastEventId("").build();
    }

    /** The status after {@code event} (eventId {@code eventId}, observed at {@code atMillis}). */
    public static MigrationStatus fold(MigrationStatus previous, Object event, String eventId, long atMillis) {
        MigrationStatus.Builder s = MigrationStatus.newBuilder(previous)
                .setUpdatedAt(Instant.ofEpochMilli(atMillis))
                .setLastEventId(eventId)
                .setEventsSeen(previous.getEventsSeen() + 1);
        if (event instanceof MigrationPlanSubmitted e) {
            describe(s, e.getPlan());
            advance(s, MigrationStage.SUBMITTED);
        } else if (event instanceof AssessmentEvent e && e.getPayload() instanceof OpportunityAssessed a) {
            describe(s, a.getPlan());
            advance(s, MigrationStage.ASSESSED);
        } else if (event instanceof AssessmentEvent e && e.getPayload() instanceof PlanRejected r) {
            end(s, MigrationStage.REJECTED, r.getReasons());
        } else if (event instanceof AgentVote e) {
            describe(s, e.getPlan());
            advance(s, MigrationStage.VOTING);
        } else if (event instanceof MigrationDecision e) {
            describe(s, e.getPlan());
            if (e.getOutcome() == DecisionOutcome.APPROVED) {
                advance(s, MigrationStage.APPROVED);
                s.setReasons(e.getReasons());
            } else {
                end(s, MigrationStage.DECLINED, e.getReasons());
            }
        } else if (event instanceof RolloutEvent e) {
            rollout(s, e);
        } else if (event instanceof GateVerdict e && e.getScope() == GateScope.VALIDATION_PERIOD) {
            s.setLastVerdict("validation period: " + e.getResult());
            s.setCriteria(CriteriaReport.newBuilder().setResult(e.getResult()).setMeasurements(e.getMeasurements())
                    .setReasons(e.getReasons()).setWindowStart(e.getWindowStart()).setWindowEnd(e.getWindowEnd()).build());
            if (e.getResult() != GateResult.PASS) {
                s.setReasons(e.getReasons());
            }
        } else if (event instanceof GateVerdict e && e.getScope() == GateScope.SHADOW_PHASE) {
            s.setLastVerdict("shadow run: " + e.getResult());
            s.setShadowCriteria(CriteriaReport.newBuilder().setResult(e.getResult()).setMeasurements(e.getMeasurements())
                    .setReasons(e.getReasons()).setWindowStart(e.getWindowStart()).setWindowEnd(e.getWindowEnd()).build());
            if (e.getResult() != GateResult.PASS) {
                s.setReasons(e.getReasons());
            }
        } else if (event instanceof GateVerdict e) {
            s.setLastVerdict("step " + e.getStepIndex() + ": " + e.getResult());
            if (e.getResult() != GateResult.PASS) {
                s.setReasons(e.getReasons());
            }
        } else if (event instanceof RollbackCommand e) {
            s.setReasons(List.of(reason("ROLLBACK_ORDERED_" + e.getTrigger(), e.getLevel() == dev.spotshift.events.RollbackLevel.HOLD
                    ? "hold ordered: " + e.getReason() : e.getLevel() + " rollback ordered: " + e.getReason())));
        } else if (event instanceof ReviewSignal e) {
            // Listed beside the reasons, never in place of them: a review says nothing about the rollout's state.
            s.setReviews(review(previous.getReviews(), e));
        }
        return s.build();
    }

    /** Actions of the plan's review rules that are raised and not cleared since. */
    public static Set<String> openReviews(MigrationStatus status) {
        // asked for every sample, and most plans have no review open
        Set<String> open = null;
        for (ReviewSummary r : status.getReviews()) {
            if (r.getOpen()) {
                if (open == null) {
                    open = new java.util.HashSet<>();
                }
                open.add(r.getAction());
            }
        }
        return open == null ? Set.of() : open;
    }

    private static List<ReviewSummary> review(List<ReviewSummary> previous, ReviewSignal e) {
        boolean raised = e.getState() == ReviewState.RAISED;
        List<ReviewSummary> out = new java.util.ArrayList<>();
        ReviewSummary before = null;
        for (ReviewSummary r : previous) {
            if (r.getAction().equals(e.getAction())) {
                before = r;
            } else {
                out.add(r);
            }
        }
        int times = (before == null ? 0 : before.getRaised()) + (raised ? 1 : 0);
        out.add(ReviewSummary.newBuilder().setAction(e.getAction()).setMeasurement(e.getMeasurement()).setOpen(raised)
                .setRaised(times).setChangedAt(e.getEnvelope().getOccurredAt()).build());
        return List.copyOf(out);
    }

    /** Savings and the cost account so far, from the non-shadow samples folded into the plan. */
    public static MigrationStatus withAccounting(MigrationStatus previous, Accounting account, BaselineFigures baseline,
                                                 String eventId, long atMillis) {
        Long baselinePerJob = baseline == null || baseline.costPerJobMicros() <= 0 ? null : baseline.costPerJobMicros();
        // Made per sample: set field by field, every one of them, without the builder's per-field validation and
        // default resolution (as the executor's state writes do since 78f5cd3).
        PlanAccounting accounting = new PlanAccounting();
        accounting.setSpotHours(account.spotHours());
        accounting.setOnDemandHours(account.onDemandHours());
        accounting.setCostMicros(account.costMicros());
        accounting.setOnDemandCostMicros(account.onDemandCostMicros());
        accounting.setJobsCompleted(account.jobsCompleted());
        accounting.setJobsFailed(account.jobsFailed());
        accounting.setCostPerJobMicros(account.costPerJobMicros());
        accounting.setBaselineCostPerJobMicros(baselinePerJob);
        accounting.setCostPerJobPercentOfBaseline(account.costPerJobPercentOf(baseline));
        MigrationStatus next = sharingParts(previous);
        next.setSavingsMicros(account.savingsMicros());
        next.setSavingsPercent(account.savingsPercent());
        next.setAccounting(accounting);
        next.setUpdatedAt(Instant.ofEpochMilli(atMillis));
        next.setLastEventId(eventId);
        next.setEventsSeen(previous.getEventsSeen() + 1);
        return next;
    }

    /**
     * A new status holding the same parts as {@code previous}. Every sample makes one, and the builder's deep copy of
     * each list and nested record was a tenth of the monitor's thread (2026-12-07 profile); sharing is safe because
     * no status is changed once built (the stores' cache relies on that too), only replaced.
     */
    private static MigrationStatus sharingParts(MigrationStatus previous) {
        MigrationStatus next = new MigrationStatus();
        for (int i = 0; i < MigrationStatus.SCHEMA$.getFields().size(); i++) {
            next.put(i, previous.get(i));
        }
        return next;
    }

    /** The plan's spend against its caps; a level reached for the first time is the review signal (WARNING) or the hold. */
    public static MigrationStatus withBudget(MigrationStatus previous, Budget budget, BudgetGuard.Standing standing) {
        dev.spotshift.events.BudgetStanding b = dev.spotshift.events.BudgetStanding.newBuilder()
                .setState(dev.spotshift.events.BudgetState.valueOf(standing.level().name()))
                .setCurrency(dev.spotshift.schemas.plan.PlanRules.ACCOUNT_CURRENCY)
                .setSpentMicros(standing.spentMicros()).setPerHourMicros(standing.perHourMicros())
                .setMaxPerHourMicros(budget.maxPerHourMicros()).setMaxTotalMicros(budget.maxTotalMicros())
                .setReason(standing.reason()).build();
        MigrationStatus next = sharingParts(previous);
        next.setBudget(b);
        return next;
    }

    static final String CLOUD_ACTION_FAILED = "CLOUD_ACTION_FAILED";

    private static void rollout(MigrationStatus.Builder s, RolloutEvent e) {
        if (s.getTerminal()) {
            return;
        }
        s.setSpotPercent(e.getSpotPercent());
        if (e.getStage() != MigrationStage.UNKNOWN_STAGE) {
            s.setStage(e.getStage());
            s.setTerminal(TERMINAL.contains(e.getStage()));
        }
        Object payload = e.getPayload();
        if (payload instanceof RolloutStepStarted p) {
            s.setStepIndex(p.getStepIndex());
        } else if (payload instanceof RolledBack p) {
            s.setRollbacks(s.getRollbacks() + 1);
            s.setReasons(List.of(reason("ROLLED_BACK_" + p.getTrigger(), p.getReason())));
        } else if (payload instanceof ReplacementLaunched p) {
            s.setInterruptionsHandled(s.getInterruptionsHandled() + 1);
        } else if (payload instanceof RolloutPaused p) {
            s.setReasons(List.of(p.getReason()));
        } else if (payload instanceof dev.spotshift.events.CloudActionFailed p) {
            // The way back to on-demand is being retried: the operator sees the error and the attempt beside why.
            List<Reason> reasons = new java.util.ArrayList<>(s.getReasons());
            reasons.removeIf(r -> CLOUD_ACTION_FAILED.equals(r.getCode()));
            reasons.add(reason(CLOUD_ACTION_FAILED, p.getAction() + " failed (attempt " + p.getAttempt() + "): "
                    + p.getError() + (p.getNextAttemptAt() == null ? "" : "; retried at " + p.getNextAttemptAt())));
            s.setReasons(reasons);
        } else if (payload instanceof MigrationFinished p) {
            s.setStage(p.getOutcome());
            s.setTerminal(true);
            s.setReasons(List.of(reason("FINISHED_" + p.getOutcome(), p.getReason())));
        }
    }

    private static void describe(MigrationStatus.Builder s, MigrationPlan plan) {
        s.setPlanName(plan.getName());
        s.setWorkloadName(plan.getWorkload().getName());
        s.setStepsPercent(plan.getRollout().getStepsPercent());
    }

    /** Moves forward only while the plan has not reached the rollout. */
    private static void advance(MigrationStatus.Builder s, MigrationStage stage) {
        int current = BEFORE_ROLLOUT.indexOf(s.getStage());
        if (!s.getTerminal() && current >= 0 && current < BEFORE_ROLLOUT.indexOf(stage)) {
            s.setStage(stage);
        }
    }

    private static void end(MigrationStatus.Builder s, MigrationStage stage, List<Reason> reasons) {
        if (!s.getTerminal()) {
            s.setStage(stage).setTerminal(true).setReasons(reasons);
        }
    }

    private static Reason reason(String code, String message) {
        return Reason.newBuilder().setCode(code).setMessage(message).setLocation(null).build();
    }
}
