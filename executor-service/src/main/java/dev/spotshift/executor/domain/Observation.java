package dev.spotshift.executor.domain;

/**
 * The stages that watch the workload for a window: baseline capture, the shadow run, and the validation period
 * after the last step. Samples are summed in {@link RolloutState#observed()} and judged when the window's timer fires.
 */
final class Observation {

    private Observation() {}

    static Transition onMetric(Tx tx, Input.MetricObserved m) {
        return switch (tx.s.stage) {
            case PREFLIGHT -> Preflight.onMetric(tx, m.sampleId());
            case BASELINE, VALIDATING -> accumulate(tx, m, !m.shadow());
            case SHADOW -> accumulate(tx, m, m.shadow());
            case PAUSED -> PriceReturn.watching(tx)
                    ? PriceReturn.onMetric(tx, m)
                    : tx.ignore("metric sample not needed while " + tx.s.stage);
            default -> tx.ignore("metric sample not needed while " + tx.s.stage);
        };
    }

    private static Transition accumulate(Tx tx, Input.MetricObserved m, boolean relevant) {
        if (!relevant) {
            return tx.ignore((m.shadow() ? "shadow" : "serving") + " sample not needed while " + tx.s.stage);
        }
        tx.sampleCounted(m);
        return tx.done();
    }

    static Transition startBaseline(Tx tx, String cause) {
        tx.enter(Stage.BASELINE);
        tx.windowOpened();
        tx.clearTimers();
        if (tx.plan().baselineWindowMillis() == 0) {
            return onBaselineEnd(tx, cause);
        }
        tx.schedule(Timer.Kind.BASELINE_END, tx.now.plusMillis(tx.plan().baselineWindowMillis()), cause, -1);
        return tx.done();
    }

    /** Measured figures when samples arrived, else the plan's declared ones; with neither, hold: never shift blind. */
    static Transition onBaselineEnd(Tx tx, String cause) {
        BaselineFigures figures = tx.s.observed.samples() > 0 ? tx.s.observed.toBaseline() : declared(tx.plan());
        if (figures == null) {
            return Holds.hold(tx, PauseCondition.Reason.NO_BASELINE,
                    "no metric samples in the baseline window and no declared baseline", cause);
        }
        tx.baselineCaptured(figures);
        java.time.Instant windowStart = tx.s.stageEnteredAt;
        if (tx.plan().shadowRun()) {
            tx.enter(Stage.SHADOW);
            String id = tx.publish(cause, new Payload.BaselineCaptured(figures, windowStart, tx.now));
            return startShadow(tx, id);
        }
        String id = tx.publish(cause, new Payload.BaselineCaptured(figures, windowStart, tx.now));
        return Gates.startStep(tx, 0, id);
    }

    private static BaselineFigures declared(PlanSpec plan) {
        BaselineFigures d = plan.declaredBaseline();
        return d == null ? null : new BaselineFigures(d.jobCompletionMillis(), d.errorRatePercent(),
                d.costPerJobMicros(), d.cpuUtilisationPercent(), d.jobsPerHour(), 0, false);
    }

    static Transition startShadow(Tx tx, String cause) {
        tx.enter(Stage.SHADOW);
        tx.windowOpened();
        tx.clearTimers();
        tx.schedule(Timer.Kind.SHADOW_END, tx.now.plusMillis(tx.plan().shadowRunMillis()), cause, -1);
        if (tx.plan().touchesCapacity()) {
            // As many shadow instances as serve the workload, so the shadow's job times compare like for like.
            tx.command(new Command.LaunchShadowCapacity(tx.cloudId(), tx.plan().region(), tx.plan().planId(),
                    tx.usableTypes(), Math.max(1, tx.plan().targetCapacity())));
        }
        return tx.done();
    }

    /** No shadow capacity, no shadow run: the plan fails at once with the cloud's reason instead of at the end. */
    static Transition onShadowLaunched(Tx tx, Input.ShadowCapacityLaunched l) {
        if (tx.s.stage != Stage.SHADOW) {
            return tx.ignore("shadow capacity answered while " + tx.s.stage);
        }
        if (l.error() == null && !l.instanceIds().isEmpty()) {
            return tx.done();
        }
        MetricTotals o = tx.s.observed;
        tx.clearTimers();
        tx.enter(Stage.FAILED);
        String id = tx.publish(tx.s.lastEventId,
                new Payload.ShadowRunCompleted(false, o.jobsCompleted(), o.inconsistencies(), o.jobsFailed()));
        tx.publish(id, new Payload.Finished(Stage.FAILED, "shadow run could not start: no shadow capacity launched ("
                + (l.error() == null ? "the cloud launched none" : l.error()) + ")", 0.0));
        return tx.done();
    }

    /** Seed 000: outputs compared, error threshold 0. No compared job at all is no evidence, so it fails too. */
    static Transition onShadowEnd(Tx tx, String cause) {
        MetricTotals o = tx.s.observed;
        boolean passed = o.jobsCompleted() > 0 && o.inconsistencies() == 0 && o.jobsFailed() == 0;
        Payload.ShadowRunCompleted result =
                new Payload.ShadowRunCompleted(passed, o.jobsCompleted(), o.inconsistencies(), o.jobsFailed());
        if (passed) {
            String id = tx.publish(cause, result);
            return Gates.startStep(tx, 0, id);
        }
        tx.clearTimers();
        tx.enter(Stage.FAILED);
        String id = tx.publish(cause, result);
        tx.publish(id, new Payload.Finished(Stage.FAILED, "shadow run rejected the migration: " + o.inconsistencies()
                + " output mismatches, " + o.jobsFailed() + " errors over " + o.jobsCompleted() + " jobs", 0.0));
        return tx.done();
    }

    /**
     * After the last step the plan watches for its validation period; the monitor judges the success criteria over
     * it and answers once. No period (0) means no criteria judged: the plan ends at once and says so.
     */
    static Transition startValidation(Tx tx, String cause) {
        tx.enter(Stage.VALIDATING);
        tx.windowOpened();
        tx.clearTimers();
        if (tx.plan().validationPeriodMillis() == 0) {
            return complete(tx, cause, "no validation period: the success criteria were not judged");
        }
        java.time.Instant endsAt = tx.now.plusMillis(tx.plan().validationPeriodMillis());
        String id = tx.publish(cause, new Payload.ValidationStarted(endsAt, tx.plan().criteria()));
        tx.schedule(Timer.Kind.VALIDATION_END, endsAt.plusMillis(tx.settings.gateGraceMillis()), id, -1);
        return tx.done();
    }

    /** The one place the end of the validation period is decided: COMPLETED only when every criterion held. */
    static Transition onCriteria(Tx tx, Input.CriteriaJudged c) {
        if (tx.s.stage != Stage.VALIDATING) {
            return tx.ignore("verdict on the success criteria while " + tx.s.stage);
        }
        String reasons = c.reasons().isEmpty() ? c.result().name() : String.join("; ", c.reasons());
        if (c.result() == GateResult.PASS) {
            return complete(tx, c.eventId(), "every success criterion held over the validation period");
        }
        // INCONCLUSIVE (no jobs to judge by) is a miss too: a plan never completes on criteria nobody could measure.
        return missed(tx, c.eventId(), "success criteria " + (c.result() == GateResult.FAIL ? "missed" : "not measurable")
                + " over the validation period: " + reasons);
    }

    /** The verdict did not come within the grace after the period: nobody saw the criteria hold. */
    static Transition onValidationDeadline(Tx tx, String cause) {
        if (tx.s.stage != Stage.VALIDATING) {
            return tx.done();
        }
        return missed(tx, cause, "no verdict on the success criteria within " + tx.settings.gateGraceMillis()
                + " ms after the validation period ended");
    }

    private static Transition missed(Tx tx, String cause, String reason) {
        if (tx.plan().criteria().onMissed() == SuccessCriteria.OnMissed.ROLLBACK) {
            return Rollbacks.apply(tx, RollbackLevel.FULL, RollbackTrigger.GATE_FAILED, cause, reason, cause);
        }
        tx.clearTimers();
        tx.enter(Stage.CRITERIA_MISSED);
        tx.publish(cause, new Payload.Finished(Stage.CRITERIA_MISSED, reason + " (the plan keeps its capacity)",
                tx.s.observed.savingsPercent()));
        return tx.done();
    }

    static Transition complete(Tx tx, String cause, String reason) {
        tx.clearTimers();
        tx.enter(Stage.COMPLETED);
        tx.publish(cause, new Payload.Finished(Stage.COMPLETED, reason, tx.s.observed.savingsPercent()));
        return tx.done();
    }
}
