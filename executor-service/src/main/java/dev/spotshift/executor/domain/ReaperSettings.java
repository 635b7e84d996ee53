package dev.spotshift.executor.domain;

import java.time.Duration;
import java.util.List;

/**
 * The reaper: the actuator's census lists owned capacity every {@code every} in {@code regions} (and those its
 * commands named), the rollout processor judges each sighting.
 *
 * @param every       period of the census (and of the processor's sweep of its orphans); zero disables both
 * @param dryRun      report orphans without terminating them
 * @param grace       instances younger than this are left alone
 * @param regions     regions the census lists besides those the actuator's commands named
 * @param partitions  partitions of the plan-keyed input topics: a task judges only plan ids of its own partition
 */
public record ReaperSettings(Duration every, boolean dryRun, Duration grace, List<String> regions, int partitions) {

    public ReaperSettings {
        regions = List.copyOf(regions);
    }

    public static ReaperSettings disabled() {
        return new ReaperSettings(Duration.ZERO, true, Duration.ZERO, List.of(), 1);
    }

    public boolean enabled() {
        return !every.isZero();
    }
}
