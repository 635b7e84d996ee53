package dev.spotshift.executor.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The part of an approved plan the executor acts on (durations in millis, shares in percent of spot). */
public record PlanSpec(String planId, String workload, Mode mode, String region, String groupName,
                       List<Integer> stepsPercent, long stepIntervalMillis, long validationWindowMillis,
                       long baselineWindowMillis, long shadowRunMillis, long validationPeriodMillis,
                       List<Integer> manualGates, int onDemandBase, String allocationStrategy,
                       List<String> instanceTypes, String fallbackInstanceType, int targetCapacity,
                       String checkpointLocation, BaselineFigures declaredBaseline, SpotRules spotRules,
                       SuccessCriteria criteria, StepTimings stepTimings, Scaling scaling, Backup backup, Wave wave) {

    /**
     * The plan's place in its file's waves: it starts once every migration of {@code after} (the wave before) has
     * COMPLETED; its own end is handed to {@code next} (the wave after). Null: no waves, it starts when approved.
     */
    public record Wave(int index, int count, String name, List<String> after, List<String> next) {
        public Wave {
            after = List.copyOf(after);
            next = List.copyOf(next);
        }

        /** "wave 2 of 2 (week-2)", as people read it in the audit. */
        public String label() {
            return "wave " + index + " of " + count + (name == null ? "" : " (" + name + ")");
        }
    }

    /** Whether the plan must wait for the wave before its own. */
    public boolean waitsForWave() {
        return wave != null && !wave.after().isEmpty();
    }

    /** DRY_RUN decides and publishes everything but never changes capacity. */
    public enum Mode { LIVE, SHADOW, DRY_RUN }

    /** The group in the backup region the spot share moves to when the primary region cannot hold it (failover). */
    public record Backup(String region, String groupName) {}

    /** The same plan placed in its backup region's group: what a failover pre-flights and shifts. */
    public PlanSpec inBackup() {
        return toBuilder().region(backup.region()).groupName(backup.groupName()).backup(null).build();
    }

    public PlanSpec {
        spotRules = spotRules == null ? SpotRules.defaults() : spotRules;
        criteria = criteria == null ? SuccessCriteria.defaults() : criteria;
        stepTimings = stepTimings == null ? StepTimings.uniform() : stepTimings;
        stepsPercent = List.copyOf(stepsPercent);
        manualGates = List.copyOf(manualGates);
        instanceTypes = List.copyOf(instanceTypes);
    }

    /** A builder holding this plan's parts: a copy that differs in a few parts says only those. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A plan built part by part; the parts not set are empty (null, 0, no list), as the canonical constructor takes them. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Named parts instead of 25 positional ones; {@link #build} applies the record's defaults and copies. */
    public static final class Builder {
        private String planId;
        private String workload;
        private Mode mode;
        private String region;
        private String groupName;
        private List<Integer> stepsPercent = List.of();
        private long stepIntervalMillis;
        private long validationWindowMillis;
        private long baselineWindowMillis;
        private long shadowRunMillis;
        private long validationPeriodMillis;
        private List<Integer> manualGates = List.of();
        private int onDemandBase;
        private String allocationStrategy;
        private List<String> instanceTypes = List.of();
        private String fallbackInstanceType;
        private int targetCapacity;
        private String checkpointLocation;
        private BaselineFigures declaredBaseline;
        private SpotRules spotRules;
        private SuccessCriteria criteria;
        private StepTimings stepTimings;
        private Scaling scaling;
        private Backup backup;
        private Wave wave;

        private Builder(PlanSpec from) {
            if (from != null) {
                planId = from.planId;
                workload = from.workload;
                mode = from.mode;
                region = from.region;
                groupName = from.groupName;
                stepsPercent = from.stepsPercent;
                stepIntervalMillis = from.stepIntervalMillis;
                validationWindowMillis = from.validationWindowMillis;
                baselineWindowMillis = from.baselineWindowMillis;
                shadowRunMillis = from.shadowRunMillis;
                validationPeriodMillis = from.validationPeriodMillis;
                manualGates = from.manualGates;
                onDemandBase = from.onDemandBase;
                allocationStrategy = from.allocationStrategy;
                instanceTypes = from.instanceTypes;
                fallbackInstanceType = from.fallbackInstanceType;
                targetCapacity = from.targetCapacity;
                checkpointLocation = from.checkpointLocation;
                declaredBaseline = from.declaredBaseline;
                spotRules = from.spotRules;
                criteria = from.criteria;
                stepTimings = from.stepTimings;
                scaling = from.scaling;
                backup = from.backup;
                wave = from.wave;
            }
        }

        public Builder planId(String planId) {
            this.planId = planId;
            return this;
        }

        public Builder workload(String workload) {
            this.workload = workload;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder groupName(String groupName) {
            this.groupName = groupName;
            return this;
        }

        public Builder stepsPercent(List<Integer> stepsPercent) {
            this.stepsPercent = stepsPercent;
            return this;
        }

        public Builder stepIntervalMillis(long stepIntervalMillis) {
            this.stepIntervalMillis = stepIntervalMillis;
            return this;
        }

        public Builder validationWindowMillis(long validationWindowMillis) {
            this.validationWindowMillis = validationWindowMillis;
            return this;
        }

        public Builder baselineWindowMillis(long baselineWindowMillis) {
            this.baselineWindowMillis = baselineWindowMillis;
            return this;
        }

        public Builder shadowRunMillis(long shadowRunMillis) {
            this.shadowRunMillis = shadowRunMillis;
            return this;
        }

        public Builder validationPeriodMillis(long validationPeriodMillis) {
            this.validationPeriodMillis = validationPeriodMillis;
            return this;
        }

        public Builder manualGates(List<Integer> manualGates) {
            this.manualGates = manualGates;
            return this;
        }

        public Builder onDemandBase(int onDemandBase) {
            this.onDemandBase = onDemandBase;
            return this;
        }

        public Builder allocationStrategy(String allocationStrategy) {
            this.allocationStrategy = allocationStrategy;
            return this;
        }

        public Builder instanceTypes(List<String> instanceTypes) {
            this.instanceTypes = instanceTypes;
            return this;
        }

        public Builder fallbackInstanceType(String fallbackInstanceType) {
            this.fallbackInstanceType = fallbackInstanceType;
            return this;
        }

        public Builder targetCapacity(int targetCapacity) {
            this.targetCapacity = targetCapacity;
            return this;
        }

        public Builder checkpointLocation(String checkpointLocation) {
            this.checkpointLocation = checkpointLocation;
            return this;
        }

        public Builder declaredBaseline(BaselineFigures declaredBaseline) {
            this.declaredBaseline = declaredBaseline;
            return this;
        }

        public Builder spotRules(SpotRules spotRules) {
            this.spotRules = spotRules;
            return this;
        }

        public Builder criteria(SuccessCriteria criteria) {
            this.criteria = criteria;
            return this;
        }

        public Builder stepTimings(StepTimings stepTimings) {
            this.stepTimings = stepTimings;
            return this;
        }

        public Builder scaling(Scaling scaling) {
            this.scaling = scaling;
            return this;
        }

        public Builder backup(Backup backup) {
            this.backup = backup;
            return this;
        }

        public Builder wave(Wave wave) {
            this.wave = wave;
            return this;
        }

        public PlanSpec build() {
            return new PlanSpec(planId, workload, mode, region, groupName, stepsPercent, stepIntervalMillis, validationWindowMillis, baselineWindowMillis, shadowRunMillis, validationPeriodMillis, manualGates, onDemandBase, allocationStrategy, instanceTypes, fallbackInstanceType, targetCapacity, checkpointLocation, declaredBaseline, spotRules, criteria, stepTimings, scaling, backup, wave);
        }
    }

    public int stepCount() {
        return stepsPercent.size();
    }

    /** Spot share after step {@code index}; index -1 (no step done) is 0 %. */
    public int percentOf(int index) {
        return index < 0 ? 0 : stepsPercent.get(index);
    }

    /** How long step {@code index}'s gate watches: its own window when the plan names one per step. */
    public long validationWindowOf(int index) {
        return stepTimings.windowOf(index, validationWindowMillis);
    }

    /** From step {@code index}'s start to the next step's start: its own interval when the plan names one per step. */
    public long stepIntervalOf(int index) {
        return stepTimings.intervalOf(index, stepIntervalMillis);
    }

    public boolean lastStep(int index) {
        return index == stepsPercent.size() - 1;
    }

    public boolean manualGate(int index) {
        return manualGates.contains(index);
    }

    public boolean shadowRun() {
        return mode == Mode.SHADOW && shadowRunMillis > 0;
    }

    public boolean touchesCapacity() {
        return mode != Mode.DRY_RUN;
    }

    /** Highest step whose share is at or below {@code percent}, or -1: where a plan stands at that share. */
    public int stepAtOrBelow(int percent) {
        int found = -1;
        for (int i = 0; i < stepsPercent.size(); i++) {
            if (stepsPercent.get(i) <= percent) {
                found = i;
            }
        }
        return found;
    }

    /** Highest step strictly below {@code percent}, or -1: where a STEP rollback lands. */
    public int stepBelow(int percent) {
        return stepAtOrBelow(percent - 1);
    }

    /** A changed step list must be noticed (Argo's pod-template hash): SHA-256 of the shares, first 16 hex digits. */
    public String stepsHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(stepsPercent.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** What makes the plan unsafe to run; empty when it can run. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (stepsPercent.isEmpty()) {
            out.add("rollout.stepsPercent is empty");
        }
        int previous = 0;
        for (int share : stepsPercent) {
            if (share <= previous || share > 100) {
                out.add("rollout.stepsPercent must ascend within 1..100: " + stepsPercent);
                break;
            }
            previous = share;
        }
        if (validationWindowMillis <= 0) {
            out.add("rollout.validationWindowMillis must be positive");
        }
        if (stepIntervalMillis < 0 || baselineWindowMillis < 0 || validationPeriodMillis < 0) {
            out.add("rollout durations must not be negative");
        }
        if (instanceTypes.isEmpty()) {
            out.add("no instance types to run on");
        }
        if (wave != null && wave.index() > 1 && wave.after().isEmpty()) {
            // A submitter that did not link the waves: starting now would skip the wave before.
            out.add(wave.label() + " names no migrations of the wave before to wait for");
        }
        List<Long> windows = stepTimings.validationWindowsMillis();
        List<Long> intervals = stepTimings.stepIntervalsMillis();
        if (!windows.isEmpty() && windows.size() != stepsPercent.size()
                || !intervals.isEmpty() && intervals.size() != stepsPercent.size()) {
            out.add("rollout.validationWindows and rollout.stepIntervals name one value per step, or none");
        }
        if (windows.stream().anyMatch(w -> w <= 0) || intervals.stream().anyMatch(i -> i < 0)) {
            out.add("per-step windows must be positive and intervals not negative");
        }
        return out;
    }
}
