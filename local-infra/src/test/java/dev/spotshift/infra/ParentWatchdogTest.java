package dev.spotshift.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child launched through the watchdog dies when the JVM that launched it is killed with SIGKILL
 * (no shutdown hook runs then), and deletes its temp directory on the way out.
 */
class ParentWatchdogTest {

    private final List<Process> parents = new java.util.ArrayList<>();
    private final List<Long> children = new java.util.ArrayList<>();

    @AfterEach
    void killLeftovers() {
        parents.forEach(Process::destroyForcibly);
        children.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @ParameterizedTest(name = "watching {0}")
    @ValueSource(strings = {"both", "parent", "stdin", "parent-early", "stdin-early"})
    void childDiesWhenItsParentJvmIsKilledWithSigkill(String watching) throws Exception {
        Process parent = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                WatchdogTestParent.class.getName(), watching)
                .redirectErrorStream(true)
                .start();
        parents.add(parent);

        Map<String, String> announced = readAnnouncements(parent, Duration.ofSeconds(30));
        long childPid = Long.parseLong(announced.get("CHILD_PID"));
        Path childWorkDir = Paths.get(announced.get("WORK_DIR"));
        children.add(childPid);
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow(() -> new AssertionError("child not running"));
        if (!watching.endsWith("-early")) {
            assertThat(child.isAlive()).isTrue();
            assertThat(child.parent().map(ProcessHandle::pid)).contains(parent.pid());
        }
        assertThat(childWorkDir).isDirectory();

        parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // ProcessHandle.onExit() would wait for the zombie to be reaped by whoever adopted it
        await().atMost(Duration.ofSeconds(20)).until(() -> hasExited(childPid));
        await().atMost(Duration.ofSeconds(5)).until(() -> !childWorkDir.toFile().exists());
    }

    /** Gone, or a zombie (exited, not yet reaped by the process that adopted it). */
    private static boolean hasExited(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
                // pid (comm) state ...: the state follows the last ')'
                return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (IOException e) {
                return true; // gone meanwhile (or no /proc: then isAlive above is all we have)
            }
        }
        return true;
    }

    /** Reads KEY=VALUE lines the parent prints until it says READY, within a bounded time. */
    private static Map<String, String> readAnnouncements(Process parent, Duration timeout) throws Exception {
        Map<String, String> values = new ConcurrentHashMap<>();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.equals("READY")) {
                        ready.complete(values);
                    }
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        values.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
                ready.completeExceptionally(new AssertionError("parent ended before READY:\n" + output));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        }, "watchdog-test-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("parent did not announce its child within " + timeout + ":\n" + output, e);
        }
    }
}
