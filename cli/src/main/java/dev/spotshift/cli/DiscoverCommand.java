package dev.spotshift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The analyzer's fleet savings report. The CLI renders whatever rows the analyzer sends as a
 * table (columns from the rows' fields), so the report can grow without a CLI release.
 */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "The analyzer's fleet savings report for a region: which workloads would save most on Spot.")
public final class DiscoverCommand implements Callable<Integer> {

    public static final String ENV_ANALYZER = "SPOTSHIFT_ANALYZER_URL";
    /** The analyzer's REST resource for the report: {@code GET /api/v1/fleet/{region}[?tag=k=v...]}. */
    public static final String REPORT_PATH = "/api/v1/fleet/";

    @Spec
    CommandSpec spec;

    @Option(names = "--region", required = true, paramLabel = "R", description = "AWS region, e.g. us-east-1")
    String region;

    @Option(names = "--analyzer-url", paramLabel = "URL",
            description = "The analyzer's HTTP address (default: $" + ENV_ANALYZER + ", else http://localhost:8080)")
    String analyzerUrl;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only groups with this tag (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--json", description = "Print the analyzer's JSON as is.")
    boolean json;

    @Override
    public Integer call() {
        String base = analyzerUrl != null ? analyzerUrl
                : System.getenv().getOrDefault(ENV_ANALYZER, "http://localhost:8080");
        StringBuilder query = new StringBuilder();
        for (String t : tags) {
            query.append(query.length() == 0 ? "?" : "&").append("tag=").append(URLEncoder.encode(t, StandardCharsets.UTF_8));
        }
        URI uri = URI.create(base.replaceAll("/+$", "") + REPORT_PATH + URLEncoder.encode(region, StandardCharsets.UTF_8)
                + query);
        HttpResponse<String> response = get(uri);
        if (response.statusCode() / 100 != 2) {
            throw CliException.error("the analyzer at " + base + " answered " + response.statusCode() + " for region "
                    + region + ": " + problemDetail(response.body()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(response.body());
            return ExitCodes.OK;
        }
        try {
            render(Json.MAPPER.readTree(response.body()), out);
        } catch (IOException e) {
            throw CliException.error("the analyzer's report is not JSON: " + e.getMessage());
        }
        return ExitCodes.OK;
    }

    /** The analyzer answers errors as RFC 7807 problems; their detail is the sentence a person needs. */
    static String problemDetail(String body) {
        try {
            JsonNode problem = Json.MAPPER.readTree(body);
            if (problem != null && problem.has("detail")) {
                return problem.path("title").asText("") + ": " + problem.get("detail").asText();
            }
        } catch (IOException e) {
            // not JSON: show its first line
        }
        return body.lines().findFirst().orElse("(empty answer)");
    }

    private static HttpResponse<String> get(URI uri) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw CliException.error("cannot reach the analyzer at " + uri.getScheme() + "://" + uri.getAuthority()
                    + " (" + SpotshiftCli.oneLine(e) + "; set --analyzer-url or " + ENV_ANALYZER + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("interrupted while asking the analyzer");
        }
    }

    /** Scalars of the top object as "key: value" lines, then its first array of objects as a table. */
    static void render(JsonNode report, PrintWriter out) {
        JsonNode rows = report.isArray() ? report : null;
        if (report.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = report.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isValueNode()) {
                    out.println(f.getKey() + ": " + f.getValue().asText());
                } else if (rows == null && f.getValue().isArray()) {
                    rows = f.getValue();
                }
            }
        }
        if (rows == null || rows.isEmpty()) {
            out.println("(no workloads in the report)");
            return;
        }
        List<String> columns = new ArrayList<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(n -> {
            if (!columns.contains(n) && r.get(n).isValueNode()) {
                columns.add(n);
            }
        }));
        List<List<String>> cells = new ArrayList<>();
        rows.forEach(r -> cells.add(columns.stream().map(c -> r.has(c) ? r.get(c).asText() : "").toList()));
        int[] widths = columns.stream().mapToInt(String::length).toArray();
        cells.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        out.println(pad(columns, widths));
        cells.forEach(row -> out.println(pad(row, widths)));
    }

    private static String pad(List<String> row, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            sb.append(String.format("%-" + widths[i] + "s", row.get(i))).append(i < row.size() - 1 ? "  " : "");
        }
        return sb.toString().stripTrailing();
    }
}
