package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A second process for {@link SharedWorldTest}: launches instances into a shared world. */
public final class WorldLauncher {

    private WorldLauncher() {
    }

    static void launch(SimulatedCloud cloud, int count, String who) {
        for (int n = 0; n < count; n++) {
            cloud.capacity().launch(new LaunchRequest(SharedWorldTest.REGION, null, SharedWorldTest.TYPES,
                    Lifecycle.ON_DEMAND, "plan-" + who, Map.of("n", Integer.toString(n)), "launch-" + who + "-" + n, null));
        }
    }

    /** Joins the world, says so with a {@code ready} file, and launches once the test writes {@code go}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SimulatedCloud cloud = SharedWorldTest.process(dir);
        Files.writeString(dir.resolve("ready"), "");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(5)).until(() -> Files.exists(dir.resolve("go")));
        launch(cloud, Integer.parseInt(args[1]), args[2]);
    }
}
