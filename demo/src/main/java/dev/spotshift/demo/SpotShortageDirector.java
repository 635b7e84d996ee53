package dev.spotshift.demo;

import dev.spotshift.cli.Connection;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * The spot-shortage scenario's cloud side: once the plan's first step runs on spot in its primary region, the
 * simulated market leaves the plan's group the spot instances it has and no more, for {@code lasts}. The next step's
 * share is accepted and its spot launches fail, so the executor rolls the primary back to on-demand (CAPACITY_SHORTAGE),
 * moves the last good share to the backup region's group (sized to it), and fails back once the primary's spot capacity
 * has read back for the plan's hold-down.
 */
final class SpotShortageDirector {

    /** How long to wait for the first step before giving up on the shortage (the watch reports what happened). */
    private static final Duration FIRST_STEP_WAIT = Duration.ofMinutes(5);

    private SpotShortageDirector() {}

    static Thread start(DemoStack stack, Connection connection, String planId, MigrationPlan plan, Duration lasts,
                        PrintWriter out) {
        String region = plan.getWorkload().getRegion();
        String group = plan.getWorkload().getAutoScalingGroupName();
        Thread t = new Thread(() -> {
            Instant giveUp = Instant.now().plus(FIRST_STEP_WAIT);
            while (Instant.now().isBefore(giveUp)) {
                MigrationStatus s = dev.spotshift.cli.Plans.latest(connection, new PrintWriter(new StringWriter()))
                        .get(planId);
                if (s != null && s.getStage() == MigrationStage.SHIFTING && s.getSpotPercent() > 0) {
                    stack.spotShortage(region, group, spotInstancesNow(stack, region, group), lasts);
                    out.println("  [scenario] " + region + " runs short of spot capacity for " + lasts.toSeconds()
                            + " s: " + group + " keeps its spot instances and gets no more");
                    return;
                }
                try {
                    Thread.sleep(500); // a poll of the status on the demo's own thread, not a wait in a test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "spotshift-demo-spot-shortage");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int spotInstancesNow(DemoStack stack, String region, String group) {
        return Math.max(1, (int) stack.describeGroup(region, group).activeCount(dev.spotshift.cloud.Lifecycle.SPOT));
    }
}
