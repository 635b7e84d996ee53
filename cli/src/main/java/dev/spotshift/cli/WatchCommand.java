package dev.spotshift.cli;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow migrations live from migration-status until they are final.",
                "Without PLAN: every migration not yet final, and any that starts while watching."})
public final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "PLAN", arity = "0..1", description = "the planId to follow")
    String planId;

    @Option(names = "--json", description = "One JSON status per line instead of the timeline.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop watching after this long (exit 8 when not final); default: until final.")
    Long timeoutSeconds;

    @Override
    public Integer call() {
        connection.requireReachable();
        return new Watch(connection, planId, json, timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds),
                spec.commandLine().getOut(), spec.commandLine().getErr(), System.console() != null).run();
    }

    /** The watch loop, usable from the demo with its own writer. */
    public static final class Watch {
        private final Connection connection;
        private final String planId;
        private final boolean json;
        private final Duration timeout;
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean live;
        private final StatusView.Glyphs glyphs = StatusView.Glyphs.forThisTerminal();
        private final Timeline timeline = new Timeline();
        private final Map<String, MigrationStatus> latest = new HashMap<>();
        private final Set<String> followed = new LinkedHashSet<>();
        private Instant origin;
        private boolean liveLinePending;
        private java.util.function.Predicate<MigrationStatus> stopWhen = s -> false;
        private String hint = "Ctrl-C stops watching, not the migration";

        public Watch(Connection connection, String planId, boolean json, Duration timeout, PrintWriter out,
                     PrintWriter err, boolean live) {
            this.connection = connection;
            this.planId = planId;
            this.json = json;
            this.timeout = timeout;
            this.out = out;
            this.err = err;
            this.live = live && !json;
        }

        /** Also stop at a state that is not final but is what the caller waits for (the demo's price spike holds). */
        public Watch stopWhen(java.util.function.Predicate<MigrationStatus> condition) {
            this.stopWhen = condition;
            return this;
        }

        /** What Ctrl-C does, shown in the header (the demo stops everything it started). */
        public Watch hint(String text) {
            this.hint = text;
            return this;
        }

        public int run() {
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            try (TopicReader<MigrationStatus> reader = new TopicReader<>(connection, Topics.MIGRATION_STATUS, err)) {
                Map<String, MigrationStatus> history = new HashMap<>();
                reader.readToEnd(r -> history.put(r.key(), r.value()));
                history.values().removeIf(java.util.Objects::isNull);
                start(history);
                while (!finished()) {
                    if (System.nanoTime() > deadline) {
                        return timedOut();
                    }
                    reader.pollOnce(r -> {
                        if (r.value() != null && (planId == null || planId.equals(r.key()))) {
                            if (planId == null && !followed.contains(r.key()) && !r.value().getTerminal()) {
                                followed.add(r.key());
                            }
                            if (followed.contains(r.key())) {
                                show(r.value());
                            }
                        }
                    });
                }
            }
            return ending();
        }

        private void start(Map<String, MigrationStatus> history) {
            if (planId != null) {
                if (!history.containsKey(planId) && !Plans.submitted(connection, planId, err)) {
                    throw CliException.error("unknown plan '" + planId + "': no status and no submission for it on "
                            + connection.bootstrapServers() + " (see `spotshift status` for the plans there are)");
                }
                followed.add(planId);
                if (!json) {
                    out.println("Watching " + planId + "  (" + hint + ")");
                }
                if (history.containsKey(planId)) {
                    show(history.get(planId));
                } else if (!json) {
                    out.println("  submitted; waiting for the first status ...");
                }
            } else {
                history.values().stream().filter(s -> !s.getTerminal()).forEach(s -> followed.add(s.getPlanId()));
                if (!json) {
                    out.println("Watching " + (followed.isEmpty() ? "for new migrations" : followed.size()
                            + " migration(s) in progress") + "  (Ctrl-C stops watching, not the migrations)");
                }
                followed.forEach(id -> show(history.get(id)));
            }
            out.flush();
        }

        private void show(MigrationStatus s) {
            MigrationStatus before = latest.put(s.getPlanId(), s);
            if (origin == null) {
                origin = s.getUpdatedAt();
            }
            if (json) {
                out.println(Json.write(StatusView.json(s)));
                out.flush();
                return;
            }
            String prefix = String.format("  %-7s ", StatusView.elapsed(origin, s.getUpdatedAt()))
                    + (planId == null ? s.getPlanId() + "  " : "");
            String text = prefix + StatusView.line(s, glyphs);
            boolean newReasons = Timeline.reasonsChanged(before, s);
            boolean newReviews = StatusView.reviewsChanged(before, s);
            if (timeline.isNewStep(s) || newReasons || newReviews) {
                clearLiveLine();
                out.println(text);
                if (newReasons) {
                    out.println("          reason: " + StatusView.reasons(s));
                }
                if (newReviews) {
                    StatusView.reviews(s).forEach(line -> out.println("          review: " + line));
                }
                if (s.getTerminal() && s.getAccounting() != null) {
                    out.println("          account: " + StatusView.accounting(s));
                }
                if (s.getTerminal()) {
                    StatusView.shadowCriteria(s).forEach(line -> out.println("          shadow criterion: " + line));
                    StatusView.criteria(s).forEach(line -> out.println("          criterion: " + line));
                }
            } else if (live) {
                // Only the running totals moved: redraw the last line in place.
                out.print("\r\033[2K" + text);
                liveLinePending = true;
            }
            out.flush();
        }

        private void clearLiveLine() {
            if (liveLinePending) {
                out.print("\r\033[2K");
                liveLinePending = false;
            }
        }

        private boolean finished() {
            if (followed.isEmpty()) {
                return false;
            }
            return followed.stream().allMatch(id -> latest.containsKey(id)
                    && (latest.get(id).getTerminal() || stopWhen.test(latest.get(id))));
        }

        private int ending() {
            clearLiveLine();
            int code = ExitCodes.OK;
            for (String id : followed) {
                MigrationStatus s = latest.get(id);
                if (!json) {
                    out.println(summary(s));
                }
                int c = ExitCodes.forStage(s.getStage());
                if (code == ExitCodes.OK) {
                    code = c;
                }
            }
            out.flush();
            return code;
        }

        private int timedOut() {
            clearLiveLine();
            if (!json) {
                String last = followed.stream().map(latest::get).filter(java.util.Objects::nonNull)
                        .map(s -> s.getPlanId() + " is " + s.getStage()).reduce((a, b) -> a + ", " + b)
                        .orElse("no status arrived for " + String.join(", ", followed));
                out.println("Stopped watching after " + timeout.toSeconds() + " s: " + last + " (not final yet)");
            }
            out.flush();
            return ExitCodes.IN_PROGRESS;
        }

        static String summary(MigrationStatus s) {
            String base = s.getPlanId() + " " + s.getStage() + " at " + s.getSpotPercent() + " % spot, saved "
                    + StatusView.money(s.getSavingsMicros()) + String.format(java.util.Locale.ROOT, " (%.0f%% vs on-demand)",
                    s.getSavingsPercent());
            return s.getReasons().isEmpty() ? base : base + "; " + StatusView.reasons(s);
        }

        public Map<String, MigrationStatus> latest() {
            return Map.copyOf(latest);
        }
    }
}
