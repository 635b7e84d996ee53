package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotshift.demo.DemoStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The observability pack against the running demo stack: every metric the Grafana dashboard and the PrometheusRule
 * name — the kustomize copies in k8s/monitoring and the Helm chart's — is on the /q/metrics of a running process, so
 * no panel is empty and no alert is blind by a typo or a rename. The files are parsed (JSON, YAML) and each
 * expression's metric names taken from its PromQL, whatever their prefix.
 */
class ObservabilityIT {

    private static final Pattern EXPORTED = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    /** Strings, label matchers, range and subquery selectors, and grouping label lists: none names a metric. */
    private static final Pattern NOT_NAMES = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|\\{[^}]*}|\\[[^\\]]*]"
                    + "|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2");

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExportedByARunningService() throws Exception {
        // Given the names the dashboards and the alert rules use, the kustomize pack's and the chart's
        Path home = E2eStack.home();
        Set<String> used = new TreeSet<>();
        used.addAll(metricsInDashboard(home.resolve("k8s/monitoring/grafana-dashboard.json")));
        used.addAll(metricsInRules(home.resolve("k8s/monitoring/prometheusrule.yaml")));
        used.addAll(metricsInRules(home.resolve("charts/spotshift/templates/prometheusrule.yaml")));
        assertThat(used).as("metrics the pack names").contains("spotshift_plan_spot_percent",
                "spotshift_executor_orphaned_spot_instances", "spotshift_consumer_lag", "spotshift_plan_stage_budget_seconds");
        // And the stack running a migration (the per-plan gauges exist once a plan does)
        E2eStack.happyPlan();
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

    @Test
    void theReaderTakesEveryMetricOfAnExpressionAndNothingElse() {
        assertThat(metricsIn("""
                sum by (group, topic) (rate(kafka_consumer_fetch_total{job=~"spot.*", topic!="a b"}[5m] offset 1h))
                  / on(plan_id) group_left(plan) spotshift_plan_info > bool 0.5
                or up unless absent(process_cpu_usage) and histogram_quantile(0.9, http_server_requests_seconds_bucket)
                """)).containsExactlyInAnyOrder("kafka_consumer_fetch_total", "spotshift_plan_info", "up",
                "process_cpu_usage", "http_server_requests_seconds_bucket");
    }

    /** Every {@code expr} of a Grafana dashboard, at any depth (panels, rows, targets). */
    static Set<String> metricsInDashboard(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        new ObjectMapper().readTree(file.toFile()).findValues("expr")
                .forEach(expr -> names.addAll(metricsIn(expr.asText())));
        return names;
    }

    /**
     * Every rule's {@code expr} of a PrometheusRule. In a chart's template, a line that is only a directive
     * ({@code {{- if ...}}}) goes, an escaped brace stays text, and a value ({@code {{ .Values.x }}}) reads as a number.
     */
    @SuppressWarnings("unchecked")
    static Set<String> metricsInRules(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("(?m)^\\s*\\{\\{-?[^}]*-?}}\\s*$", "")
                .replace("{{ \"{{\" }}", "<<").replace("{{ \"}}\" }}", ">>").replaceAll("\\{\\{.*?}}", "0");
        Set<String> names = new TreeSet<>();
        for (Object doc : new Yaml().loadAll(text)) {
            Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) doc).get("spec");
            for (Object group : (List<Object>) spec.get("groups")) {
                for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                    names.addAll(metricsIn(String.valueOf(((Map<String, Object>) rule).get("expr"))));
                }
            }
        }
        assertThat(names).as("metrics in the rules of %s", file).isNotEmpty();
        return names;
    }

    /** The metric names of one PromQL expression: identifiers that are not functions, keywords or label names. */
    static Set<String> metricsIn(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(NOT_NAMES.matcher(promql).replaceAll(" "));
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
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
