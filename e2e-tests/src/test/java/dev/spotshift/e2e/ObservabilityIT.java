package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.demo.DemoStack;
import dev.spotshift.simulator.domain.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The observability pack against the running demo stack: every metric the Grafana dashboard and the PrometheusRule
 * name is on the /q/metrics of a running process, so no panel is empty and no alert is blind by a typo or a rename.
 */
class ObservabilityIT {

    private static final Pattern EXPR = Pattern.compile("(?m)(?:\"expr\"\\s*:\\s*\"|expr:\\s*)(.+?)(?:\"\\s*,?\\s*$|$)");
    private static final Pattern METRIC = Pattern.compile("\\b(spotshift_[a-z0-9_]+)\\b");
    private static final Pattern EXPORTED = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExportedByARunningService() throws Exception {
        // Given the names the dashboard and the alert rules use
        Set<String> used = new TreeSet<>();
        used.addAll(metricsIn(E2eStack.home().resolve("k8s/monitoring/grafana-dashboard.json")));
        used.addAll(metricsIn(E2eStack.home().resolve("k8s/monitoring/prometheusrule.yaml")));
        assertThat(used).as("metrics the pack names").contains("spotshift_plan_spot_percent",
                "spotshift_executor_orphaned_spot_instances", "spotshift_consumer_lag");
        // And the stack running a migration (the per-plan gauges exist once a plan does)
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        String planId = E2eStack.submit(E2eStack.demoPlan(), null);
        E2eStack.awaitFinal(planId);
        // Then each is on some process's /q/metrics (the lag once the console has measured it)
        Set<String> missing = new TreeSet<>(used);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            missing.removeAll(exported(E2eStack.stack()));
            return missing.isEmpty();
        });
        assertThat(missing).as("named by the dashboard or the rules, exported by no running process").isEmpty();
        // And the money-leak check the rules alert on reads 0 after the scenarios run so far on this stack
        assertThat(E2eStack.moneyLeak()).isZero();
    }

    static Set<String> metricsIn(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher expr = EXPR.matcher(Files.readString(file));
        while (expr.find()) {
            Matcher m = METRIC.matcher(expr.group(1));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static Set<String> exported(DemoStack stack) throws Exception {
        Set<String> names = new TreeSet<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (DemoStack.ServiceState s : stack.services().values()) {
            if (s.process() == null || !s.process().isAlive()) {
                continue;
            }
            String body = http.send(HttpRequest.newBuilder(URI.create(s.process().url() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = EXPORTED.matcher(body);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
