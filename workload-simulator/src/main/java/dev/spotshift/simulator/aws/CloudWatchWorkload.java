package dev.spotshift.simulator.aws;

import dev.spotshift.simulator.domain.Tick;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated workload's figures put into CloudWatch the way a real one would (the cloud bridge's convention,
 * {@code WorkloadMetricsConvention}: namespace Spotshift/Workload, dimension AutoScalingGroupName; CPU as EC2's
 * {@code AWS/EC2 CPUUtilization} of the group, which on a real account EC2 itself reports). High-resolution
 * (StorageResolution 1) so the bridge can read the demo's one-second intervals.
 */
public final class CloudWatchWorkload {

    public static final String NAMESPACE = "Spotshift/Workload";
    public static final String DIMENSION = "AutoScalingGroupName";

    private final EmulatorApi api;

    public CloudWatchWorkload(EmulatorApi api) {
        this.api = api;
    }

    /** One interval's figures of the group, stamped at {@code at}. */
    public void put(String groupName, Tick.Sample s, Instant at) {
        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put("Namespace", NAMESPACE);
        int n = 0;
        n = datum(jobs, n, "JobsCompleted", s.jobsCompleted(), "Count", groupName, at);
        n = datum(jobs, n, "JobsFailed", s.jobsFailed(), "Count", groupName, at);
        if (s.jobsCompleted() > 0) {
            datum(jobs, n, "JobDurationMillis", s.meanJobMillis(), "Milliseconds", groupName, at);
        }
        api.query("monitoring", "PutMetricData", "2010-08-01", jobs);
        Map<String, String> cpu = new LinkedHashMap<>();
        cpu.put("Namespace", "AWS/EC2");
        datum(cpu, 0, "CPUUtilization", s.cpuPercent(), "Percent", groupName, at);
        api.query("monitoring", "PutMetricData", "2010-08-01", cpu);
    }

    private static int datum(Map<String, String> p, int index, String name, double value, String unit, String group,
                             Instant at) {
        String m = "MetricData.member." + (index + 1) + ".";
        p.put(m + "MetricName", name);
        p.put(m + "Value", Double.toString(value));
        p.put(m + "Unit", unit);
        p.put(m + "Timestamp", at.toString());
        p.put(m + "StorageResolution", "1");
        p.put(m + "Dimensions.member.1.Name", DIMENSION);
        p.put(m + "Dimensions.member.1.Value", group);
        return index + 1;
    }
}
