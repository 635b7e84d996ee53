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

    /**
     * A shadow run's figures (seed 000): the same job metrics with the dimension {@value #ROLE_DIMENSION} =
     * {@value #SHADOW_ROLE} beside the group's, plus {@value #OUTPUT_MISMATCHES} (Count, read as Sum: jobs whose
     * output on the shadow capacity differed from the serving output) and the shadow instances' own
     * {@value #CPU_UTILIZATION} (Percent, Average): they are outside the group, so EC2's per-group CPU does not
     * cover them.
     */
    public static final String ROLE_DIMENSION = "Role";
    public static final String SHADOW_ROLE = "shadow";
    public static final String OUTPUT_MISMATCHES = "OutputMismatches";
    public static final String CPU_UTILIZATION = "CPUUtilization";

    /** Series ids in the answer. */
    public static final String CPU_ID = "cpu";
    public static final String COMPLETED_ID = "jobsCompleted";
    public static final String FAILED_ID = "jobsFailed";
    public static final String DURATION_ID = "jobMillis";

    public static final String MISMATCHES_ID = "outputMismatches";

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

    /** The shadow run's five series of one group (the same ids as the serving ones, and the mismatches). */
    public static List<MetricQuery> shadowQueries(String groupName, Duration period) {
        Map<String, String> dims = Map.of(DIMENSION, groupName, ROLE_DIMENSION, SHADOW_ROLE);
        return List.of(
                new MetricQuery(CPU_ID, NAMESPACE, CPU_UTILIZATION, dims, "Average", period),
                new MetricQuery(COMPLETED_ID, NAMESPACE, JOBS_COMPLETED, dims, "Sum", period),
                new MetricQuery(FAILED_ID, NAMESPACE, JOBS_FAILED, dims, "Sum", period),
                new MetricQuery(DURATION_ID, NAMESPACE, JOB_DURATION, dims, "Average", period),
                new MetricQuery(MISMATCHES_ID, NAMESPACE, OUTPUT_MISMATCHES, dims, "Sum", period));
    }
}
