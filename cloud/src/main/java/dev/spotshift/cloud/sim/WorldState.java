package dev.spotshift.cloud.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The file form of a shared simulated world (see {@link SharedWorld}): the fleet, its call ledger and the
 * interruption queue. Instants are ISO-8601 strings so the file reads well when a demo is debugged.
 */
final class WorldState {

    public long launched;
    public List<Group> groups = new ArrayList<>();
    public List<Instance> instances = new ArrayList<>();
    public List<Call> calls = new ArrayList<>();
    public long noticeSequence;
    public List<Notice> notices = new ArrayList<>();
    public List<SpotLimit> spotLimits = new ArrayList<>();
    public List<FailedLaunch> failedLaunches = new ArrayList<>();

    /** A region short of spot capacity (see {@link SpotCapacity}); instanceType null: every type. */
    static final class SpotLimit {
        public String region;
        public String instanceType;
        public int maxSpot;
        public String from;
        public String until;
    }

    static final class FailedLaunch {
        public String region;
        public String group;
        public String at;
        public String message;
    }

    static final class Group {
        public String region;
        public String name;
        public int min;
        public int max;
        public int desired;
        public int onDemandBase;
        public int onDemandPercentAboveBase;
        public String allocationStrategy;
        public List<String> instanceTypes;
        /** Null when the group's spot price is not capped. */
        public String spotMaxPrice;
        /** Null when no scaling rules were applied. */
        public Rules rules;
    }

    static final class Rules {
        public int minSize;
        public int maxSize;
        public double scaleOutCpuPercent;
        public String scaleOutAfter;
        public double scaleInCpuPercent;
        public String scaleInAfter;
    }

    static final class Instance {
        public String id;
        public String region;
        public String type;
        public String zone;
        public String lifecycle;
        public Map<String, String> tags;
        public String launchedAt;
        public String group;
        public String state;
        public String warnedAt;
    }

    static final class Call {
        public String at;
        public String operation;
        public String region;
        public String target;
        public String detail;
    }

    static final class Notice {
        public String id;
        public String body;
        public String visibleAt;
        public int receives;
    }
}
