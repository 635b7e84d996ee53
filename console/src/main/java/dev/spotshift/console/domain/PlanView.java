package dev.spotshift.console.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One migration as the console shows it: the latest status (from migration-status) with what the plan's own
 * topics said on the way (stages passed, gate verdicts, rollbacks and their evidence, interruptions, metrics).
 * An immutable snapshot; {@link Board} makes a new one after every event of the plan.
 */
public record PlanView(Identity identity, Progress progress, Money money, List<StageEntry> stages,
                       List<Verdict> verdicts, List<Rollback> rollbacks, List<Interruption> interruptions,
                       List<Replacement> replacements, List<Series> series, List<Note> reasons) {

    /** What the plan is. {@code submittedAt} is null when the console saw no submission (older than the log). */
    public record Identity(String planId, String planName, String workload, String mode, Instant submittedAt) {}

    /**
     * Where the plan is. {@code stepIndex} is 0-based as on the wire (-1 before the first step); pages show it 1-based.
     * {@code stageSince}: when the current stage began, as far as the console saw.
     */
    public record Progress(String stage, boolean terminal, int spotPercent, int stepIndex, List<Integer> stepsPercent,
                           String lastVerdict, Instant updatedAt, Instant stageSince, Duration stageBudget) {}

    /**
     * What the plan saved and what a job costs; the cost figures are null until the monitor has an account.
     * {@code leakingInstances}: capacity the reaper found tagged for the plan after it ended and did not terminate
     * (dry-run, or the termination failed): money spent for nothing until someone acts.
     */
    public record Money(long savingsMicros, double savingsPercent, Long costMicros, Long onDemandCostMicros,
                        Long costPerJobMicros, Long baselineCostPerJobMicros, long jobsCompleted, long jobsFailed,
                        int leakingInstances) {}

    public record StageEntry(String stage, Instant at) {}

    /** A number judged against its threshold (a gate's or a rollback trigger's evidence). */
    public record Measured(String metric, double observed, double threshold, String comparator, Double baseline,
                           boolean passed) {}

    /** A gate verdict of one step (0-based {@code stepIndex}). */
    public record Verdict(String eventId, int stepIndex, String result, double confidence, List<Measured> measurements,
                          List<Note> reasons, Instant windowStart, Instant windowEnd, long samples) {}

    /** A rollback as the executor did it, with the monitor's command (trigger and evidence) when there was one. */
    public record Rollback(String eventId, Instant at, String level, String trigger, int fromSpotPercent,
                           int toSpotPercent, String reason, String commandId, List<Measured> evidence,
                           Instant windowStart, Instant windowEnd) {}

    public record Interruption(String eventId, String kind, String instanceId, String instanceType, String zone,
                               Instant noticeAt, Instant deadline, String checkpoint) {}

    public record Replacement(String eventId, Instant at, String interrupted, String replacement, String instanceType,
                              String zone, String lifecycle, boolean stateValidated, boolean withinNotice) {}

    /** A reason with a code, a sentence, and where it applies. */
    public record Note(String code, String message, String location) {}

    /** One metric over time with the plan's threshold for it ({@code threshold} null when the plan sets none). */
    public record Series(String metric, String unit, Double threshold, String comparator, List<Point> points) {}

    public record Point(Instant at, double value) {}

    public String planId() {
        return identity.planId();
    }
}
