package dev.spotshift.console.domain;

import dev.spotshift.console.domain.PlanView.Point;
import dev.spotshift.console.domain.PlanView.Series;
import dev.spotshift.events.Baseline;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Thresholds;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A plan's workload samples as the series the plan page draws, each beside the threshold the plan judges it by:
 * error rate against the immediate trigger, job time against the baseline plus the allowed degradation, CPU against
 * the gate's ceiling, cost per job against the baseline's, and the spot share for context. Only the latest {@code maxPoints} samples are
 * kept: the audit report has the whole record.
 */
final class MetricSeries {

    private final int maxPoints;
    private final Deque<MetricSample> samples = new ArrayDeque<>();

    MetricSeries(int maxPoints) {
        this.maxPoints = maxPoints;
    }

    void add(MetricSample m) {
        samples.addLast(m);
        while (samples.size() > maxPoints) {
            samples.removeFirst();
        }
    }

    List<Series> view(MigrationPlan plan, Baseline baseline) {
        Thresholds t = plan == null ? null : plan.getThresholds();
        List<Point> errors = new ArrayList<>();
        List<Point> jobTime = new ArrayList<>();
        List<Point> cpu = new ArrayList<>();
        List<Point> spot = new ArrayList<>();
        List<Point> costPerJob = new ArrayList<>();
        for (MetricSample m : samples) {
            Instant at = m.getEnvelope().getOccurredAt();
            int jobs = m.getJobsCompleted() + m.getJobsFailed();
            if (jobs > 0) {
                errors.add(new Point(at, 100.0 * m.getJobsFailed() / jobs));
                jobTime.add(new Point(at, m.getMeanJobMillis() / 1000.0));
            }
            if (m.getJobsCompleted() > 0) {
                costPerJob.add(new Point(at, (double) m.getCostMicros() / m.getJobsCompleted()));
            }
            cpu.add(new Point(at, m.getCpuUtilisationPercent()));
            spot.add(new Point(at, m.getSpotPercent()));
        }
        Double jobTimeLimit = t == null || baseline == null ? null
                : baseline.getJobCompletionMillis() * (1 + t.getDegradationPercent() / 100.0) / 1000.0;
        // Micro-dollars: a job costs a few millionths of a dollar at demo scale, which dollars would show as 0.0000.
        Double costLimit = baseline == null || baseline.getCostPerJobMicros() <= 0 ? null
                : (double) baseline.getCostPerJobMicros();
        return List.of(
                new Series("error rate", "%", t == null ? null : t.getErrorRatePercent(), "LESS_OR_EQUAL", errors),
                new Series("job completion time", "s", jobTimeLimit, "LESS_OR_EQUAL", jobTime),
                new Series("CPU utilisation", "%", t == null ? null : t.getMaxCpuUtilisationPercent(),
                        "LESS_OR_EQUAL", cpu),
                new Series("cost per job", "µ$", costLimit, "LESS_OR_EQUAL", costPerJob),
                new Series("spot share", "%", null, null, spot));
    }
}
