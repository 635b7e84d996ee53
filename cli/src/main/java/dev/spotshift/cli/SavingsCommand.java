package dev.spotshift.cli;

import dev.spotshift.audit.FleetSavings;
import dev.spotshift.audit.SavingsReport;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "savings", mixinStandardHelpOptions = true,
        description = {"Fleet savings from the plans' cost accounts: per service (a plan's workload) and in total,",
                "cost per job against the baseline, spot vs on-demand capacity-hours over time, interruptions and",
                "their recovery times, and how migrations ended. Every figure is a sum of the plans' own."})
public final class SavingsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--bucket", paramLabel = "DURATION", defaultValue = "PT1H",
            description = "Width of the over-time buckets, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration bucket;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--html", paramLabel = "DIR", description = "Also write DIR/savings.html (self-contained).")
    Path htmlDir;

    @Override
    public Integer call() {
        if (bucket.isNegative() || bucket.isZero()) {
            throw new CliException(ExitCodes.USAGE, "--bucket: must be a positive duration (got " + bucket + ")");
        }
        connection.requireReachable();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, MigrationStatus> latest = Plans.latest(connection, err);
        List<MetricSample> samples = new ArrayList<>();
        try (var reader = new TopicReader<>(connection, Topics.WORKLOAD_METRICS, err)) {
            reader.readToEnd(r -> {
                if (r.value() != null && latest.containsKey(r.key())) {
                    samples.add(r.value());
                }
            });
        }
        FleetSavings f = FleetSavings.of(latest.values(), samples, bucket, recoveries(err));
        if (json) {
            out.println(Json.write(json(f)));
        } else {
            SavingsReport.print(f, out);
        }
        out.flush();
        if (htmlDir != null) {
            try {
                Files.createDirectories(htmlDir);
                Path file = htmlDir.resolve("savings.html");
                Files.writeString(file, SavingsReport.html(f));
                err.println("report: " + file);
                err.flush();
            } catch (IOException e) {
                throw CliException.error("cannot write " + htmlDir.resolve("savings.html") + ": " + e.getMessage());
            }
        }
        return ExitCodes.OK;
    }

    /** Notice to replacement, per interrupted instance of a plan (a warning without a replacement has none). */
    private List<Duration> recoveries(PrintWriter err) {
        Map<String, Instant> noticed = new HashMap<>();
        try (var reader = new TopicReader<>(connection, Topics.SPOT_INTERRUPTIONS, err)) {
            reader.readToEnd(r -> {
                SpotInterruptionWarning w = r.value();
                if (w != null) {
                    noticed.putIfAbsent(w.getEnvelope().getPlanId() + "/" + w.getInstanceId(), w.getNoticeAt());
                }
            });
        }
        Map<String, Duration> recovered = new LinkedHashMap<>();
        try (var reader = new TopicReader<>(connection, Topics.ROLLOUT_EVENTS, err)) {
            reader.readToEnd(r -> {
                RolloutEvent e = r.value();
                if (e != null && e.getPayload() instanceof ReplacementLaunched l) {
                    String key = e.getEnvelope().getPlanId() + "/" + l.getInterruptedInstanceId();
                    Instant notice = noticed.get(key);
                    if (notice != null) {
                        recovered.putIfAbsent(key, Duration.between(notice, e.getEnvelope().getOccurredAt()));
                    }
                }
            });
        }
        return new ArrayList<>(recovered.values());
    }

    private static Map<String, Object> json(FleetSavings f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("services", f.services().stream().map(SavingsCommand::json).toList());
        m.put("total", json(f.total()));
        m.put("outcomes", f.outcomes());
        m.put("interruptionsHandled", f.interruptions().handled());
        m.put("recoveryMillis", f.interruptions().recoveries().stream().map(Duration::toMillis).toList());
        m.put("overTime", f.overTime().stream().map(b -> Map.of("start", b.start().toString(), "spotHours", b.spotHours(),
                "onDemandHours", b.onDemandHours())).toList());
        return m;
    }

    private static Map<String, Object> json(FleetSavings.ServiceFigures s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s.service());
        m.put("plans", s.plans());
        m.put("costMicros", s.costMicros());
        m.put("onDemandCostMicros", s.onDemandCostMicros());
        m.put("savingsMicros", s.savingsMicros());
        m.put("savingsPercent", s.savingsPercent());
        m.put("jobsCompleted", s.jobsCompleted());
        m.put("jobsFailed", s.jobsFailed());
        m.put("costPerJobMicros", s.costPerJobMicros());
        m.put("baselineCostPerJobMicros", s.baselineCostPerJobMicros());
        m.put("costPerJobPercentOfBaseline", s.costPerJobPercentOfBaseline());
        m.put("spotHours", s.spotHours());
        m.put("onDemandHours", s.onDemandHours());
        return m;
    }
}
