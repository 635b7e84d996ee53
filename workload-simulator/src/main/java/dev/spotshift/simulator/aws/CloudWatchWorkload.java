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

    /** The shadow run's figures carry this dimension too (the bridge's convention for seed 000's shadow run). */
    public static final String ROLE_DIMENSION = "Role";
    public static final String SHADOW_ROLE = "shadow";

    /** One interval's figures of the group, stamped at {@code at}. */
    public void put(String groupName, Tick.Sample s, Instant at) {
        Map<String, String> group = Map.of(DIMENSION, groupName);
        Map<String, String> jobs = jobs(s, group, at);
        api.query("monitoring", "PutMetricData", "2010-08-01", jobs);
        Map<String, String> cpu = new LinkedHashMap<>();
        cpu.put("Namespace", "AWS/EC2");
        datum(cpu, 0, "CPUUtilization", s.cpuPercent(), "Percent", group, at);
        api.query("monitoring", "PutMetricData", "2010-08-01", cpu);
    }

    /**
     * The same interval's jobs as run on the plan's shadow capacity, as a real shadow run would report them: the job
     * figures and the count of jobs whose output differed from the serving output ({@code OutputMismatches}) with
     * {@code Role=shadow} beside the group, and the shadow instances' own CPU in this namespace (they are outside
     * the group, so EC2's per-group figure does not cover them). CloudWatch carries numbers only: which jobs differed,
     * and their checksums, stay in the workload's own log.
     */
    public void putShadow(String groupName, Tick.Shadow shadow, Instant at) {
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put(DIMENSION, groupName);
        dims.put(ROLE_DIMENSION, SHADOW_ROLE);
        Map<String, String> p = jobs(shadow.sample(), dims, at);
        int n = (int) p.keySet().stream().filter(k -> k.endsWith(".MetricName")).count();
        n = datum(p, n, "OutputMismatches", shadow.mismatches().size(), "Count", dims, at);
        datum(p, n, "CPUUtilization", shadow.sample().cpuPercent(), "Percent", dims, at);
        api.query("monitoring", "PutMetricData", "2010-08-01", p);
    }

    private static Map<String, String> jobs(Tick.Sample s, Map<String, String> dims, Instant at) {
        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put("Namespace", NAMESPACE);
        int n = 0;
        n = datum(jobs, n, "JobsCompleted", s.jobsCompleted(), "Count", dims, at);
        n = datum(jobs, n, "JobsFailed", s.jobsFailed(), "Count", dims, at);
        if (s.jobsCompleted() > 0) {
            datum(jobs, n, "JobDurationMillis", s.meanJobMillis(), "Milliseconds", dims, at);
        }
        return jobs;
    }

    private static int datum(Map<String, String> p, int index, String name, double value, String unit,
                             Map<String, String> dims, Instant at) {
        String m = "MetricData.member." + (index + 1) + ".";
        p.put(m + "MetricName", name);
        p.put(m + "Value", Double.toString(value));
        p.put(m + "Unit", unit);
        p.put(m + "Timestamp", at.toString());
        p.put(m + "StorageResolution", "1");
        int d = 1;
        for (Map.Entry<String, String> e : dims.entrySet()) {
            p.put(m + "Dimensions.member." + d + ".Name", e.getKey());
            p.put(m + "Dimensions.member." + d + ".Value", e.getValue());
            d++;
        }
        return index + 1;
    }
}
