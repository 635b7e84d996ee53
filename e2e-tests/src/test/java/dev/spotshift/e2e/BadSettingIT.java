package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.demo.DemoStack;
import dev.spotshift.demo.ServiceProcess;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service, started as it ships (its fast-jar) with one of its own settings wrong, stops at start with a non-zero
 * exit and a log that names the setting and says what is wrong — not at its first record, hours later. No broker is
 * started: the settings are checked before anything connects. (The operator has no settings of its own: the
 * operator SDK and Quarkus check theirs.)
 */
class BadSettingIT {

    static Stream<Arguments> aWrongSettingPerService() {
        return Stream.of(
                Arguments.of("analyzer-service", "spotshift.analyzer.intake.publish-timeout", "soon", "is not a duration"),
                Arguments.of("coordinator-service", "spotshift.coordinator.deadline-check-interval", "0s", "above zero"),
                Arguments.of("executor-service", "spotshift.executor.tick", "-1s", "above zero"),
                Arguments.of("executor-service", "spotshift.executor.reaper-every", "-60s", "zero (off) or more"),
                Arguments.of("monitor-service", "spotshift.monitor.gate-grace", "PT", "is not a duration"),
                Arguments.of("cloud-bridge", "spotshift.bridge.publish-timeout", "0", "above zero"),
                Arguments.of("notifier-service", "spotshift.notifier.retry.attempts", "many", "is not a whole number"),
                Arguments.of("console", "spotshift.console.audit-timeout", "0ms", "above zero"));
    }

    @ParameterizedTest(name = "{0} with {1}={2}")
    @MethodSource("aWrongSettingPerService")
    void givenOneWrongSetting_whenTheServiceStarts_thenItExitsNamingTheSettingAndWhatIsWrong(
            String service, String key, String value, String what) throws Exception {
        var jar = DemoStack.runJar(service);
        assertThat(Files.isRegularFile(jar)).as("%s is built (mvn install)", jar).isTrue();
        // Nothing listens there: a service that got past its settings would hang on the broker, not exit.
        Map<String, String> config = Map.of(key, value, "kafka.bootstrap.servers", "127.0.0.1:9",
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", "http://127.0.0.1:9/apis/registry/v3");
        try (ServiceProcess p = ServiceProcess.start(service, jar, config, "256m")) {
            boolean exited = p.pid() > 0 && waitForExit(p);
            String log = Files.readString(p.logFile());
            assertThat(exited).as("%s exited at start; log:%n%s", service, p.logTail(30)).isTrue();
            assertThat(log).as("%s's log names the setting and the fault", service).contains(key).contains(what);
        }
    }

    /** A generous bound: a JVM start on two busy cores; the check itself is the first thing the service does. */
    private static boolean waitForExit(ServiceProcess p) throws InterruptedException {
        return ProcessHandle.of(p.pid()).map(h -> {
            try {
                h.onExit().get(3, TimeUnit.MINUTES);
                return true;
            } catch (Exception e) {
                return false;
            }
        }).orElse(true);
    }
}
