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

    /**
     * The shadow run is announced with its end; the monitor judges the plan's shadow criteria over the whole run and
     * answers once, and only that verdict lets the plan shift ({@link #onCriteria}). SHADOW_END is the verdict's
     * deadline, as VALIDATION_END is the validation period's.
     */
    static Transition startShadow(Tx tx, String cause) {
        tx.enter(Stage.SHADOW);
        tx.windowOpened();
        tx.clearTimers();
        java.time.Instant endsAt = tx.now.plusMillis(tx.plan().shadowRunMillis());
        String id = tx.publish(cause, new Payload.ValidationStarted(endsAt, tx.plan().criteria()));
        tx.schedule(Timer.Kind.SHADOW_END, endsAt.plusMillis(tx.settings.gateGraceMillis()), id, -1);
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

    /** The monitor's verdict on the shadow criteria did not come within the grace after the run: nobody saw them hold. */
    static Transition onShadowEnd(Tx tx, String cause) {
        if (tx.s.stage != Stage.SHADOW) {
            return tx.done();
        }
        return shadowJudged(tx, cause, false, "no verdict on the shadow criteria within " + tx.settings.gateGraceMillis()
                + " ms after the shadow run ended");
    }

    /**
     * The one place the end of the shadow run is decided: the plan shifts only when every shadow criterion held over
     * the run (seed 000: processing time <= baseline + 5 %, job success 100 %, resource efficiency >= baseline, no
     * output mismatch); otherwise the plan's onCriteriaMissed decides, as at the end of its validation period.
     */
    private static Transition onShadowCriteria(Tx tx, Input.CriteriaJudged c) {
        String reasons = c.reasons().isEmpty() ? c.result().name() : String.join("; ", c.reasons());
        // INCONCLUSIVE (no shadow job, no baseline) is a miss too: spot never takes over on criteria nobody measured.
        return shadowJudged(tx, c.eventId(), c.result() == GateResult.PASS, "shadow criteria "
                + (c.result() == GateResult.FAIL ? "missed" : "not measurable") + " over the shadow run: " + reasons);
    }

    private static Transition shadowJudged(Tx tx, String cause, boolean passed, String reason) {
        MetricTotals o = tx.s.observed;
        String id = tx.publish(cause,
                new Payload.ShadowRunCompleted(passed, o.jobsCompleted(), o.inconsistencies(), o.jobsFailed()));
        if (passed) {
            return Gates.startStep(tx, 0, id);
        }
        if (tx.plan().criteria().onMissed() == SuccessCriteria.OnMissed.ROLLBACK) {
            // Caused by the verdict (or the announcement its deadline answers): the rollback's evidence, for the audit.
            return Rollbacks.apply(tx, RollbackLevel.FULL, RollbackTrigger.GATE_FAILED, cause, reason, cause);
        }
        // KEEP: nothing was shifted, so the plan ends where it is, all on-demand; its shadow capacity goes with the phase.
        tx.clearTimers();
        tx.enter(Stage.CRITERIA_MISSED);
        tx.publish(id, new Payload.Finished(Stage.CRITERIA_MISSED, reason + " (the plan keeps its on-demand capacity)",
                0.0));
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

    /** The one place the end of the validation period (or, for its verdict, of the shadow run) is decided: COMPLETED only when every criterion held. */
    static Transition onCriteria(Tx tx, Input.CriteriaJudged c) {
        if (c.period() == Input.CriteriaJudged.Period.SHADOW_RUN) {
            return tx.s.stage == Stage.SHADOW ? onShadowCriteria(tx, c)
                    : tx.ignore("verdict on the shadow criteria while " + tx.s.stage);
        }
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
