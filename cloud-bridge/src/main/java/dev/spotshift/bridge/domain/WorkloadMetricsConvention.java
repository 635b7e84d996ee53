package dev.spotshift.bridge.domain;

import dev.spotshift.cloud.MetricQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where a workload publishes its job figures in CloudWatch so the bridge can read them (see the module's README):
 * namespace {@value #NAMESPACE}, dimension {@value #DIMENSION} = the Auto Scaling group, and the metrics
 * {@value #JOBS_COMPLETED} (Count, read as Sum), {@value #JOBS_FAILED} (Count, read as Sum) and
 * {@value #JOB_DURATION} (Milliseconds, one value per finished job, read as Average). CPU is EC2's own
 * {@code AWS/EC2 CPUUtilization} of the group.
 */
public final class WorkloadMetricsConvention {

    public static final String NAMESPACE = "Spotshift/Workload";
    public static final String DIMENSION = "AutoScalingGroupName";
    public static final String JOBS_COMPLETED = "JobsCompleted";
    public static final String JOBS_FAILED = "JobsFailed";
    public static final String JOB_DURATION = "JobDurationMillis";

    /** Series ids in the answer. */
    public static final String CPU_ID = "cpu";
    public static final String COMPLETED_ID = "jobsCompleted";
    public static final String FAILED_ID = "jobsFailed";
    public static final String DURATION_ID = "jobMillis";

    private WorkloadMetricsConvention() {
    }

    /** The four series of one group, each at one point per {@code period}. */
    public static List<MetricQuery> queries(String groupName, Duration period) {
        Map<String, String> dims = Map.of(DIMENSION, groupName);
        return List.of(
                new MetricQuery(CPU_ID, "AWS/EC2", "CPUUtilization", dims, "Average", period),
                new MetricQuery(COMPLETED_ID, NAMESPACE, JOBS_COMPLETED, dims, "Sum", period),
                new MetricQuery(FAILED_ID, NAMESPACE, JOBS_FAILED, dims, "Sum", period),
                new MetricQuery(DURATION_ID, NAMESPACE, JOB_DURATION, dims, "Average", period));
    }
}
