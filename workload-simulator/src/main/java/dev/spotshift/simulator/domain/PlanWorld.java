package dev.spotshift.simulator.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One migrating workload as the simulator sees it: where it runs, how much of it is on spot now
 * (from the executor's rollout events), and which scripted faults have already fired.
 */
public final class PlanWorld {

    private final String planId;
    private final String region;
    private final List<String> zones;
    private final List<String> spotTypes;
    private final String onDemandType;
    private final int capacity;
    private int spotPercent;
    private int maxSpotPercent;
    /** The share running on spot in the backup region's group during a failover (the primary is at 0 % then). */
    private int backupSpotPercent;
    /** When the share first fell below the highest one reached (a step back); null before. */
    private java.time.Instant steppedBackAt;
    private boolean finished;
    private boolean shadowing;
    private long shadowJobs;
    private long samples;
    private long jobsCompleted;
    private int warningsSent;
    private final Set<Integer> interruptionsFired = new HashSet<>();

    public PlanWorld(String planId, String region, List<String> zones, List<String> spotTypes, String onDemandType,
                     int capacity) {
        this.planId = Objects.requireNonNull(planId);
        this.region = Objects.requireNonNull(region);
        this.zones = zones.isEmpty() ? List.of(region + "a") : List.copyOf(zones);
        if (spotTypes.isEmpty()) {
            throw new IllegalArgumentException("a plan without spot instance types cannot run on spot");
        }
        this.spotTypes = List.copyOf(spotTypes);
        this.onDemandType = Objects.requireNonNull(onDemandType);
        this.capacity = Math.max(1, capacity);
    }

    /** The executor says how much is on spot now; the highest share reached arms the scripted faults. */
    public void spotShare(int percent) {
        spotShare(percent, java.time.Instant.now());
    }

    /** As {@link #spotShare(int)}, remembering when the share first fell below the highest reached. */
    public void spotShare(int percent, java.time.Instant at) {
        spotPercent = Math.max(0, Math.min(100, percent));
        maxSpotPercent = Math.max(maxSpotPercent, spotPercent);
        if (steppedBackAt == null && spotPercent < maxSpotPercent) {
            steppedBackAt = at;
        }
    }

    public java.util.Optional<java.time.Instant> steppedBackAt() { return java.util.Optional.ofNullable(steppedBackAt); }

    public void finish() { finished = true; }

    /** The executor runs the plan's shadow phase: the same jobs also run on the shadow spot capacity. */
    public void shadowing(boolean on) { shadowing = on; }

    public boolean shadowing() { return shadowing; }

    /** Jobs run on the shadow capacity so far: the index of the next shadow job. */
    long shadowJobs() { return shadowJobs; }

    void recordShadowJobs(int jobs) { shadowJobs += jobs; }

    public boolean finished() { return finished; }

    public String planId() { return planId; }

    public String region() { return region; }

    public List<String> zones() { return zones; }

    public List<String> spotTypes() { return spotTypes; }

    public String onDemandType() { return onDemandType; }

    public int capacity() { return capacity; }

    public int spotPercent() { return spotPercent; }

    public int maxSpotPercent() { return maxSpotPercent; }

    /** The executor moved this share to the backup region's group (0: nothing there). */
    public void backupShare(int percent) {
        backupSpotPercent = Math.max(0, Math.min(100, percent));
    }

    public int backupSpotPercent() { return backupSpotPercent; }

    public long samples() { return samples; }

    public long jobsCompleted() { return jobsCompleted; }

    int warningsSent() { return warningsSent; }

    void recordSample(int jobs) {
        samples++;
        jobsCompleted += jobs;
    }

    void recordWarning() { warningsSent++; }

    boolean fireOnce(int atSpotPercent) { return interruptionsFired.add(atSpotPercent); }

    /** What the workload would save on a checkpoint: enough to resume the batch where it stopped. */
    public String checkpointState(String instanceId) {
        return "{\"planId\":\"" + planId + "\",\"instanceId\":\"" + instanceId + "\",\"jobsCompleted\":" + jobsCompleted
                + ",\"samples\":" + samples + "}";
    }
}
