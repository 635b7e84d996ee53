package dev.spotshift.audit;

import dev.spotshift.events.BaselineCaptured;
import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.PreflightCompleted;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutResumed;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.ShadowRunCompleted;
import dev.spotshift.events.SpotCapacityReaped;
import java.util.Locale;

/** The executor's union of rollout payloads, each an event type of its own for the audit. */
final class RolloutDecoder {

    private RolloutDecoder() {}

    static EventType typeOf(Object payload) {
        if (payload instanceof PreflightCompleted) return EventType.PREFLIGHT_COMPLETED;
        if (payload instanceof BaselineCaptured) return EventType.BASELINE_CAPTURED;
        if (payload instanceof ShadowRunCompleted) return EventType.SHADOW_RUN_COMPLETED;
        if (payload instanceof RolloutStepStarted) return EventType.ROLLOUT_STEP_STARTED;
        if (payload instanceof RolloutStepCompleted) return EventType.ROLLOUT_STEP_COMPLETED;
        if (payload instanceof RolloutPaused) return EventType.ROLLOUT_PAUSED;
        if (payload instanceof RolloutResumed) return EventType.ROLLOUT_RESUMED;
        if (payload instanceof RolledBack) return EventType.ROLLED_BACK;
        if (payload instanceof CheckpointWritten) return EventType.CHECKPOINT_WRITTEN;
        if (payload instanceof ReplacementLaunched) return EventType.REPLACEMENT_LAUNCHED;
        if (payload instanceof MigrationFinished) return EventType.MIGRATION_FINISHED;
        if (payload instanceof dev.spotshift.events.ValidationPeriodStarted) return EventType.VALIDATION_PERIOD_STARTED;
        if (payload instanceof dev.spotshift.events.CloudActionFailed) return EventType.CLOUD_ACTION_FAILED;
        if (payload instanceof SpotCapacityReaped) return EventType.CAPACITY_REAPED;
        return EventType.UNKNOWN;
    }

    static void describe(RolloutEvent e, EventDraft d) {
        d.stage(e.getStage()).spot(e.getSpotPercent());
        Object p = e.getPayload();
        String what;
        if (p instanceof PreflightCompleted x) {
            d.label("passed", x.getPassed());
            what = "pre-flight " + (x.getPassed() ? "passed" : "FAILED") + " (" + x.getChecks().stream()
                    .filter(c -> !c.getPassed()).map(c -> c.getCheck() + ": " + c.getDetail()).toList() + ")";
        } else if (p instanceof BaselineCaptured x) {
            d.number(Thresholds.BASELINE_JOB_MILLIS, x.getBaseline().getJobCompletionMillis())
                    .number("baseline.errorRatePercent", x.getBaseline().getErrorRatePercent());
            what = "baseline: " + x.getBaseline().getJobCompletionMillis() + " ms per job, error rate "
                    + x.getBaseline().getErrorRatePercent() + " %";
        } else if (p instanceof ShadowRunCompleted x) {
            d.label("passed", x.getPassed()).number("jobsCompared", x.getJobsCompared())
                    .number("outputMismatches", x.getOutputMismatches());
            what = "shadow run " + (x.getPassed() ? "passed" : "FAILED") + ": " + x.getJobsCompared() + " jobs, "
                    + x.getOutputMismatches() + " mismatches";
        } else if (p instanceof RolloutStepStarted x) {
            d.number("stepIndex", x.getStepIndex()).number("fromSpotPercent", x.getFromSpotPercent())
                    .number("toSpotPercent", x.getToSpotPercent());
            what = String.format(Locale.ROOT, "step %d/%d started: spot %d %% -> %d %%", x.getStepIndex() + 1,
                    x.getStepCount(), x.getFromSpotPercent(), x.getToSpotPercent());
        } else if (p instanceof RolloutStepCompleted x) {
            d.number("stepIndex", x.getStepIndex()).label("approvedBy", x.getApprovedBy()).reference(x.getGateVerdictId());
            what = "step " + (x.getStepIndex() + 1) + " completed at " + x.getSpotPercent() + " % spot"
                    + (x.getApprovedBy() == null ? "" : ", approved by " + x.getApprovedBy());
        } else if (p instanceof RolloutPaused x) {
            d.label("reason", x.getReason().getCode());
            what = "paused: " + x.getReason().getCode() + " " + x.getReason().getMessage();
        } else if (p instanceof RolloutResumed x) {
            what = "resumed by " + x.getBy();
        } else if (p instanceof RolledBack x) {
            d.label("level", x.getLevel()).label("trigger", x.getTrigger()).label("commandId", x.getCommandId())
                    .number("fromSpotPercent", x.getFromSpotPercent()).number("toSpotPercent", x.getToSpotPercent());
            what = String.format(Locale.ROOT, "%s rollback on %s: spot %d %% -> %d %% (%s)", x.getLevel(),
                    x.getTrigger(), x.getFromSpotPercent(), x.getToSpotPercent(), x.getReason());
        } else if (p instanceof CheckpointWritten x) {
            d.label("instanceId", x.getInstanceId()).number("sizeBytes", x.getSizeBytes());
            what = "checkpoint of " + x.getInstanceId() + " written to " + x.getLocation();
        } else if (p instanceof ReplacementLaunched x) {
            d.label("lifecycle", x.getLifecycle()).label("withinNotice", x.getWithinNotice())
                    .label("stateValidated", x.getStateValidated());
            what = "replacement " + x.getReplacementInstanceId() + " (" + x.getInstanceType() + ", " + x.getLifecycle()
                    + ") for " + x.getInterruptedInstanceId() + (x.getWithinNotice() ? ", within the notice" : ", LATE");
        } else if (p instanceof MigrationFinished x) {
            d.stage(x.getOutcome()).label("outcome", x.getOutcome()).number("savingsPercent", x.getSavingsPercent());
            what = "finished " + x.getOutcome() + ": " + x.getReason();
        } else if (p instanceof dev.spotshift.events.ValidationPeriodStarted x
                && e.getStage() == dev.spotshift.events.MigrationStage.SHADOW) {
            // The same announcement opens the shadow run, judged on the plan's gate thresholds, not these criteria.
            what = "shadow run until " + x.getEndsAt() + ": its shadow criteria judged over the whole run";
        } else if (p instanceof dev.spotshift.events.ValidationPeriodStarted x) {
            var c = x.getCriteria();
            d.number("minJobCompletionRatePercent", c.getMinJobCompletionRatePercent())
                    .number("maxProcessingTimeIncreasePercent", c.getMaxProcessingTimeIncreasePercent())
                    .number("minCostSavingsPercent", c.getMinCostSavingsPercent());
            what = String.format(Locale.ROOT, "validation period until %s: job completion >= %.1f %%, processing time"
                    + " <= baseline + %.1f %%, savings >= %.1f %%, else %s", x.getEndsAt(),
                    c.getMinJobCompletionRatePercent(), c.getMaxProcessingTimeIncreasePercent(),
                    c.getMinCostSavingsPercent(), c.getOnCriteriaMissed());
        } else if (p instanceof dev.spotshift.events.CloudActionFailed x) {
            d.label("commandId", x.getCommandId()).number("attempt", x.getAttempt()).reference(x.getCommandId());
            what = x.getAction() + " failed (attempt " + x.getAttempt() + "): " + x.getError()
                    + (x.getNextAttemptAt() == null ? "" : "; next attempt at " + x.getNextAttemptAt());
        } else if (p instanceof SpotCapacityReaped x) {
            d.label("instanceId", x.getInstanceId()).label("planKnown", x.getPlanKnown())
                    .label("terminated", x.getTerminated());
            what = "orphaned " + x.getInstanceType() + " " + x.getInstanceId()
                    + (x.getTerminated() ? " terminated by the reaper" : " found by the reaper, still running")
                    + ": " + x.getReason();
        } else {
            what = "rollout event";
        }
        if (!e.getRollbackProcedure().isEmpty()) {
            // seed 000's procedure: each step with its measured duration against the seed's bound
            StringBuilder steps = new StringBuilder();
            for (var step : e.getRollbackProcedure()) {
                d.number("procedure." + step.getStep() + ".millis", step.getDurationMillis())
                        .number("procedure." + step.getStep() + ".boundMillis", step.getBoundMillis())
                        .label("procedure." + step.getStep() + ".withinBound", step.getWithinBound());
                steps.append(steps.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s %.1f s %s %.0f s%s",
                        step.getStep(), step.getDurationMillis() / 1000.0, step.getWithinBound() ? "<=" : "> BOUND",
                        step.getBoundMillis() / 1000.0, step.getWithinBound() ? "" : " (MISSED)"));
            }
            what = what + " | rollback procedure: " + steps;
        }
        var wave = e.getWave();
        if (wave != null) {
            // the wave's moments (waiting, start, end) stand out in the timeline, and can be searched for by label
            d.label("wave", wave.getIndex() + "/" + wave.getCount()).label("waveState", wave.getState());
            what = "wave " + wave.getIndex() + "/" + wave.getCount() + " " + wave.getState() + " - " + what;
        }
        d.summary(what + " [stage " + e.getStage() + ", spot " + e.getSpotPercent() + " %]");
    }
}
