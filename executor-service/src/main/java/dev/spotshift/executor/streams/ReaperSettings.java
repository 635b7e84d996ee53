package dev.spotshift.executor.streams;

import java.time.Duration;
import java.util.List;

/**
 * How the reaper runs inside the rollout processor.
 *
 * @param every       period of the pass; zero disables it
 * @param dryRun      report orphans without terminating them
 * @param grace       instances younger than this are left alone
 * @param regions     regions listed besides those of the plans in the store (an unknown plan names none)
 * @param partitions  partitions of the plan-keyed input topics: a task judges only plan ids of its own partition
 */
public record ReaperSettings(Duration every, boolean dryRun, Duration grace, List<String> regions, int partitions) {

    public ReaperSettings {
        regions = List.copyOf(regions);
    }

    public static ReaperSettings disabled() {
        return new ReaperSettings(Duration.ZERO, true, Duration.ZERO, List.of(), 1);
    }
}
