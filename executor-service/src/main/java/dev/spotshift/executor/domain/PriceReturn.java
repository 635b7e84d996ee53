package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Return to spot after a rollback, once its trigger's condition has cleared for the plan's
 * {@code returnToSpotHoldMillis}: the step it was stepped back from runs again with a fresh gate. Each serving
 * sample is read for the trigger:
 * <ul>
 * <li>a price rollback (the monitor stepped back because spot delivered less than the plan's cost efficiency; the
 * plan holds with {@link PauseCondition.Reason#PRICE_SPIKE}): the spot price the sample paid, as a share of
 * on-demand, under the cap ({@link SpotRules#returnPriceFraction()}); a sample with nothing on spot says nothing;</li>
 * <li>an error rate or job failure: no failed job in the sample;</li>
 * <li>a performance degradation or a failed gate: no failed job, and the mean job time within the plan's allowed
 * increase over its baseline ({@link SuccessCriteria#maxProcessingTimeIncreasePercent()});</li>
 * <li>a missed notice deadline: no interruption warning for the period (every sample counts as calm; a warning
 * restarts the clock, as it does for every trigger).</li>
 * </ul>
 * No flapping: the hold-down clock starts only inside the enter band (e.g. 80 % of the limit) and restarts only when
 * the reading goes past the limit itself, so a metric oscillating around its limit never completes it; and a return
 * comes at least one hold-down after the previous one, so there is at most one return per hold-down whatever the
 * market or the workload does; each return the plan already made doubles that wait (up to 8 hold-downs), so a trigger
 * a return does not fix backs off instead of cycling. A plan may opt out ({@code returnToSpotAfterRollback: false}); an operator's
 * rollback, the kill switch, a data inconsistency, a budget hold and a missing gate verdict always wait for an
 * operator.
 */
final class PriceReturn {

    /** Triggers whose condition a serving sample can tell has cleared. */
    static final Set<RollbackTrigger> RETURNABLE = EnumSet.of(RollbackTrigger.COST_EFFICIENCY,
            RollbackTrigger.ERROR_RATE, RollbackTrigger.JOB_FAILURE, RollbackTrigger.PERFORMANCE_DEGRADATION,
            RollbackTrigger.GATE_FAILED, RollbackTrigger.NOTICE_DEADLINE_MISSED);

    /** A plan's later returns wait at most 2^3 = 8 hold-downs after the previous one. */
    static final int MAX_DOUBLINGS = 3;

    private enum Reading { OVER, BAND, CALM, SILENT }

    private PriceReturn() {}

    /** The hold a rollback leaves: one whose trigger can clear may return by itself, any other waits for an operator. */
    static PauseCondition.Reason holdFor(Tx tx, RollbackTrigger trigger) {
        return holdFor(tx, trigger, PauseCondition.Reason.ROLLBACK_HOLD);
    }

    /** As {@link #holdFor(Tx, RollbackTrigger)}, {@code otherwise} being the hold when it waits for an operator. */
    static PauseCondition.Reason holdFor(Tx tx, RollbackTrigger trigger, PauseCondition.Reason otherwise) {
        boolean returns = RETURNABLE.contains(trigger) && tx.plan().spotRules().returnsAfterRollback();
        tx.returnsWhenCleared(returns ? trigger : null); // the clock starts afresh from this rollback
        if (returns && trigger == RollbackTrigger.COST_EFFICIENCY) {
            return PauseCondition.Reason.PRICE_SPIKE;
        }
        return otherwise;
    }

    /** Whether a hold of the plan may end by itself as samples come in. */
    static boolean watching(Tx tx) {
        return trigger(tx) != null;
    }

    /** A warning while waiting: "no warning for the period" holds for every trigger, so the clock starts again. */
    static void onWarning(Tx tx) {
        if (watching(tx) && tx.s.spot.priceCalmSince() != null) {
            tx.triggerCalmSince(null);
        }
    }

    /** Nothing returns by itself any more (an operator resumed, or the kill switch rolled the plan back). */
    static void forget(Tx tx) {
        if (tx.s.spot.clearing() != null) {
            tx.returnsWhenCleared(null);
        }
    }

    /** The trigger the plan waits to clear; a PRICE_SPIKE hold stored before triggers were kept is a price one. */
    private static RollbackTrigger trigger(Tx tx) {
        if (tx.s.spot.clearing() != null) {
            return tx.s.spot.clearing();
        }
        return tx.s.pauses.stream().anyMatch(p -> p.reason() == PauseCondition.Reason.PRICE_SPIKE)
                ? RollbackTrigger.COST_EFFICIENCY : null;
    }

    private static PauseCondition.Reason holdOf(RollbackTrigger trigger) {
        return switch (trigger) {
            case COST_EFFICIENCY -> PauseCondition.Reason.PRICE_SPIKE;
            case GATE_FAILED -> PauseCondition.Reason.GATE_FAILED;
            default -> PauseCondition.Reason.ROLLBACK_HOLD;
        };
    }

    static Transition onMetric(Tx tx, Input.MetricObserved m) {
        RollbackTrigger trigger = trigger(tx);
        double band = tx.settings.spot().enterBandPercent() / 100.0;
        Reading reading = read(tx, trigger, m, band);
        if (reading == Reading.SILENT) {
            return tx.ignore(trigger == RollbackTrigger.COST_EFFICIENCY
                    ? "sample with nothing on spot while held for the spot price"
                    : "sample that tells nothing of " + trigger + " while held for it");
        }
        if (reading == Reading.OVER) {
            if (tx.s.spot.priceCalmSince() == null) {
                return tx.ignore(trigger + " still past its limit");
            }
            tx.triggerCalmSince(null);
            return tx.done();
        }
        if (reading == Reading.BAND) {
            return tx.ignore(trigger + " inside the hysteresis band: the hold-down clock neither starts nor restarts");
        }
        SpotRules rules = tx.plan().spotRules();
        Instant since = tx.s.spot.priceCalmSince();
        if (since == null) {
            tx.triggerCalmSince(tx.now);
            return tx.done();
        }
        Instant due = since.plusMillis(rules.returnToSpotHoldMillis());
        Instant last = tx.s.spot.priceReturnAt();
        if (last != null) {
            // A trigger a return cannot fix (a gate failed on cost, judged clear on on-demand samples) would otherwise
            // send the plan back and forth once per hold-down for ever: each return already made doubles the wait
            // after the last one, up to MAX_DOUBLINGS times (Karpenter's and Argo's back-off).
            long wait = rules.returnToSpotHoldMillis() << Math.min(MAX_DOUBLINGS, Math.max(0, tx.s.spot.returns()));
            if (last.plusMillis(wait).isAfter(due)) {
                due = last.plusMillis(wait);
            }
        }
        if (tx.now.isBefore(due)) {
            return tx.ignore(trigger + " cleared for less than the hold-down");
        }
        tx.priceReturned();
        tx.holdLifted(holdOf(trigger));
        if (!tx.s.pauses.isEmpty()) {
            return tx.done(); // another hold (operator, budget, kill switch) still stands; it resumes from here
        }
        return Holds.resume(tx, "return-to-spot: " + cleared(tx, trigger, m) + " for "
                + rules.returnToSpotHoldMillis() + " ms", tx.s.lastEventId);
    }

    private static Reading read(Tx tx, RollbackTrigger trigger, Input.MetricObserved m, double band) {
        if (m.shadow()) {
            return Reading.SILENT;
        }
        switch (trigger) {
            case COST_EFFICIENCY -> {
                OptionalDouble paid = m.spotPriceFraction();
                if (paid.isEmpty()) {
                    return Reading.SILENT;
                }
                double cap = tx.plan().spotRules().returnPriceFraction();
                return paid.getAsDouble() > cap ? Reading.OVER
                        : paid.getAsDouble() >= cap * band ? Reading.BAND : Reading.CALM;
            }
            case ERROR_RATE, JOB_FAILURE -> {
                if (m.jobsFailed() > 0) {
                    return Reading.OVER;
                }
                return m.jobsCompleted() > 0 ? Reading.CALM : Reading.SILENT;
            }
            case PERFORMANCE_DEGRADATION, GATE_FAILED -> {
                if (m.jobsFailed() > 0) {
                    return Reading.OVER;
                }
                BaselineFigures baseline = tx.s.baseline != null ? tx.s.baseline : tx.plan().declaredBaseline();
                if (m.jobsCompleted() == 0 || baseline == null || baseline.jobCompletionMillis() <= 0) {
                    return Reading.SILENT;
                }
                double increase = tx.plan().criteria().maxProcessingTimeIncreasePercent() / 100.0;
                double limit = baseline.jobCompletionMillis() * (1 + increase);
                return m.meanJobMillis() > limit ? Reading.OVER
                        : m.meanJobMillis() > baseline.jobCompletionMillis() * (1 + increase * band) ? Reading.BAND
                        : Reading.CALM;
            }
            default -> {
                return Reading.CALM; // a missed notice deadline: calm for as long as no warning comes
            }
        }
    }

    private static String cleared(Tx tx, RollbackTrigger trigger, Input.MetricObserved m) {
        return switch (trigger) {
            case COST_EFFICIENCY -> String.format(Locale.ROOT,
                    "spot price at %.0f %% of on-demand, under the cap of %.0f %%",
                    100 * m.spotPriceFraction().orElse(0), 100 * tx.plan().spotRules().returnPriceFraction());
            case ERROR_RATE, JOB_FAILURE -> trigger + " cleared: no failed job";
            case PERFORMANCE_DEGRADATION, GATE_FAILED -> trigger + " cleared: no failed job and job time "
                    + m.meanJobMillis() + " ms within " + tx.plan().criteria().maxProcessingTimeIncreasePercent()
                    + " % of the baseline";
            default -> trigger + " cleared: no interruption warning";
        };
    }
}
