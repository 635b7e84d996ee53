package dev.spotshift.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Run by {@link ParentWatchdogTest} as a separate JVM: launches {@link SleepingChildMain} through the
 * watchdog exactly as local-infra launches the broker, prints the child's pid and work dir, and
 * blocks until it is killed. Argument: which signals the watchdog uses: both, parent or stdin.
 */
public final class WatchdogTestParent {

    private WatchdogTestParent() {}

    public static void main(String[] args) throws Exception {
        String watching = args.length > 0 ? args[0] : "both";
        // "...-early": announce (and so get killed) before the child JVM is even up
        boolean early = watching.endsWith("-early");
        watching = watching.replace("-early", "");
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"));
        if (watching.equals("stdin")) {
            jvmArgs.add("-Dspotshift.watchdog.parent=false");
        } else if (watching.equals("parent")) {
            jvmArgs.add("-Dspotshift.watchdog.stdin=false");
        }
        Path workDir = Files.createTempDirectory("spotshift-watchdog-test-");
        ChildJvm child = ChildJvm.launch("watchdog-test-child", workDir, jvmArgs,
                Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                SleepingChildMain.class.getName(), List.of(), workDir.resolve("child.log"));
        if (!early) {
            awaitLine(child.logFile(), SleepingChildMain.UP, 30_000);
        }
        System.out.println("CHILD_PID=" + child.pid());
        System.out.println("WORK_DIR=" + workDir);
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void awaitLine(Path log, String line, long timeoutMillis) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofMillis(timeoutMillis))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> Files.readString(log).contains(line));
    }
}
