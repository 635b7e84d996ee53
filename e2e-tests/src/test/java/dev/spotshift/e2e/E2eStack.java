package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.Connection;
import dev.spotshift.cli.PlanCommand;
import dev.spotshift.cli.PlanFile;
import dev.spotshift.cli.Plans;
import dev.spotshift.cli.TopicReader;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.infra.SpotshiftHome;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.access.Principal;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.simulator.domain.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;

/**
 * The whole system for the scenarios, started once per test JVM and stopped by a shutdown hook:
 * the same stack as {@code ./spotshift demo} (real broker and registry, the four services as
 * processes, the simulator). Helpers speak the CLI's own Kafka path.
 */
final class E2eStack {

    /**
     * The stack's broker runs with SASL/SCRAM and the catalog's ACLs, every service, the simulator and each helper
     * here on its own principal (the CLI's, an operator's, the audit's): the scenarios pass only if the catalog grants
     * each process what it does. {@code -Dspotshift.e2e.secured=false} runs them on a plaintext broker (to compare).
     */
    static final boolean SECURED = Boolean.parseBoolean(System.getProperty("spotshift.e2e.secured", "true"));

    /** A whole demo-speed migration takes about a minute; two cores shared with builds can triple that. */
    static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(5);
    private static DemoStack stack;

    private E2eStack() {}

    static synchronized DemoStack stack() {
        if (stack == null) {
            DemoStack.Options options = DemoStack.Options.defaults(Scenario.HAPPY)
                    // the demo plan's groups and seed 001's two (WavesIT), each with its backup
                    .withServiceConfig(DemoStack.worldFor(java.util.stream.Stream.concat(
                            demoPlan().plans().stream(), seed001Waves().plans().stream()).toList()))
                    // Storms counted over 20 s and the market re-read every 2 s (1 h and 60 s in production), so a
                    // storm's fallback (BackupFailoverIT) sees the primary recover within the scenario
                    .withServiceConfig(java.util.Map.of("spotshift.executor.storm-window", "20s",
                            "spotshift.executor.market-check", "2s"));
            stack = DemoStack.start(SECURED ? options.onSecuredBroker() : options, System.out::println);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-stop"));
        }
        return stack;
    }

    /** The shared stack if a scenario started it, without starting one. */
    static synchronized java.util.Optional<DemoStack> ifStarted() {
        return java.util.Optional.ofNullable(stack);
    }

    /** Stops the shared stack if this JVM started it (a later scenario starts it again): for a test that needs its own. */
    static synchronized void stopIfStarted() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /** Fails with the names of the services that did not start, so a red scenario says what is missing. */
    static void requireAllServices() {
        assertThat(stack().missingServices())
                .as("services not running (see the log lines above for why); the scenario needs all four")
                .isEmpty();
    }

    /** The CLI's Kafka path as the CLI's principal: it submits plans and reads statuses. */
    static Connection connection() {
        return connection(Principal.CLI);
    }

    /**
     * As an operator (the roster's first person): operator commands and the kill switch, which the CLI's principal
     * may not write.
     */
    /** An operator's login that sends, with each operator command, a token of the stack's issuer naming "e2e". */
    static Connection operatorConnection() {
        return connection(Principal.OPERATOR).withToken(operatorToken(OPERATOR_NAME));
    }

    /** The operator the suite's own commands (cleanup aborts) name, proven by {@link #operatorToken}. */
    static final String OPERATOR_NAME = "e2e";

    /**
     * A token of the stack's issuer for {@code person} with the operate role: what the executor checks an operator
     * command's named operator against (OperatorProof). Short-lived, as an identity provider's would be.
     */
    static String operatorToken(String person) {
        return dev.spotshift.infra.RestIssuer.shared().token(person, Duration.ofMinutes(30),
                List.of(dev.spotshift.schemas.access.RestAccess.OPERATE, dev.spotshift.schemas.access.RestAccess.READ));
    }

    static Connection connection(Principal principal) {
        return new Connection(stack().bootstrapServers(), stack().registryUrl(), stack().clientSecurity(principal));
    }

    /** The login of one user by name: an operator's own ({@code alice}), or a name the broker never provisioned. */
    static List<String> cliArgs(String user) {
        return cliArgs(user, stack().clientSecurity(user));
    }

    /**
     * The arguments that point the CLI at the stack as {@code principal}: the addresses and, on the secured broker, a
     * {@code --command-config} file with its login, as an operator would pass one.
     */
    static List<String> cliArgs(Principal principal) {
        return cliArgs(principal.logins().get(0), stack().clientSecurity(principal));
    }

    private static List<String> cliArgs(String user, java.util.Map<String, String> security) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", stack().bootstrapServers(),
                "--registry-url", stack().registryUrl()));
        if (!security.isEmpty()) {
            try {
                Path file = java.nio.file.Files.createTempFile("spotshift-e2e-" + user + "-", ".properties");
                file.toFile().deleteOnExit();
                java.util.Properties p = new java.util.Properties();
                p.putAll(security);
                try (var w = java.nio.file.Files.newBufferedWriter(file)) {
                    p.store(w, "client login of User:" + user);
                }
                args.addAll(List.of("--command-config", file.toString()));
                // and the person's token, as `spotshift credentials mint` gives each rostered operator
                Path token = java.nio.file.Files.createTempFile("spotshift-e2e-" + user + "-", ".jwt");
                token.toFile().deleteOnExit();
                java.nio.file.Files.writeString(token, operatorToken(user));
                args.addAll(List.of("--token-file", token.toString()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return args;
    }

    static ParsedPlans demoPlan() {
        return PlanFile.read(SpotshiftHome.locate().resolve("examples/demo/demo-nightly-etl.yaml"));
    }

    /**
     * Seed 001's two workloads in its two waves ({@code examples/spot-migration-wave1.yaml}) as written, but at the
     * demo's speed: the demo plan's rollout, thresholds and checkpoint in place of the seed's minutes and hours, so both
     * waves run within a scenario, and the demo's reserved on-demand fallback (the stack's world reserves it). Its
     * waits {@link #quickRollout}: the waves prove their order, not the gates' length, and the two run one after the other.
     */
    static ParsedPlans seed001Waves() {
        ParsedPlans seed = PlanFile.read(SpotshiftHome.locate().resolve("examples/spot-migration-wave1.yaml"));
        dev.spotshift.events.MigrationPlan demo = demoPlan().plans().get(0);
        List<dev.spotshift.events.MigrationPlan> fast = seed.plans().stream()
                .map(p -> dev.spotshift.events.MigrationPlan.newBuilder(p)
                        .setRollout(quickRollout(demo.getRollout()))
                        .setThresholds(dev.spotshift.events.Thresholds.newBuilder(demo.getThresholds()).build())
                        .setCheckpoint(dev.spotshift.events.CheckpointConfig.newBuilder(demo.getCheckpoint()).build())
                        .setFallback(dev.spotshift.events.FallbackConfig.newBuilder(demo.getFallback()).build())
                        .build())
                .toList();
        return new ParsedPlans(seed.documentId(), seed.planName(), fast, List.of());
    }

    /**
     * The rollout with ShadowModeIT's pilot's waits (5 s steps, 4 s gate and baseline windows; they pass on this stack)
     * in place of the demo's 10 s, 8 s and 6 s: for a scenario that proves an order or an outcome, not a gate's length.
     * The steps, thresholds and validation period stay as they are.
     */
    static dev.spotshift.events.RolloutConfig quickRollout(dev.spotshift.events.RolloutConfig rollout) {
        return dev.spotshift.events.RolloutConfig.newBuilder(rollout).setStepIntervalMillis(5_000L)
                .setValidationWindowMillis(4_000L).setBaselineWindowMillis(4_000L).build();
    }

    /** The demo plan at {@link #quickRollout}'s pace. */
    static ParsedPlans quickDemoPlan() {
        ParsedPlans demo = demoPlan();
        dev.spotshift.events.MigrationPlan plan = demo.plans().get(0);
        return new ParsedPlans(demo.documentId(), demo.planName(), List.of(dev.spotshift.events.MigrationPlan
                .newBuilder(plan).setRollout(quickRollout(plan.getRollout())).build()), List.of());
    }

    /** Plans the scenarios submitted on the shared stack, by idempotency key. */
    private static final java.util.Map<String, String> SUBMITTED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Submits after every earlier scenario's plan has ended: the scenarios share the demo plan's group, and the
     * analyzer rejects a plan whose group a live plan drives. One still live after a grace (a scenario that failed
     * half-way) is aborted first. A key submitted before is a deliberate replay and waits for nothing.
     */
    static String submit(ParsedPlans plan, String idempotencyKey) {
        return submitAll(plan, idempotencyKey).get(0);
    }

    /** As {@link #submit}, for a file of several workloads: the planIds of its migrations, in the file's order. */
    static List<String> submitAll(ParsedPlans plan, String idempotencyKey) {
        String key = idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey;
        if (!SUBMITTED.containsKey(key)) {
            groupFree();
        }
        List<MigrationPlanSubmitted> sent = PlanCommand.submit(connection(), plan, key, SubmissionChannel.CLI, "e2e");
        List<String> planIds = sent.stream().map(e -> e.getEnvelope().getPlanId()).toList();
        for (int i = 0; i < planIds.size(); i++) {
            SUBMITTED.put(i == 0 ? key : key + "#" + i, planIds.get(i));
        }
        return planIds;
    }

    /**
     * A plan submitted on the shared stack by something other than {@link #submit} (the Kubernetes operator, say): the
     * next scenario waits for it to end like for its own.
     */
    static void submittedElsewhere(String planId) {
        SUBMITTED.put("elsewhere:" + planId, planId);
    }

    /**
     * Every plan an earlier scenario submitted has ended (see {@link #submit}). One read of the statuses tells which
     * are still live; only those are waited for (a read per plan made each submission pay for every earlier one).
     */
    static void groupFree() {
        java.util.Map<String, MigrationStatus> latest = Plans.latest(connection(), quiet());
        SUBMITTED.values().stream().filter(planId -> !ended(latest.get(planId))).forEach(E2eStack::endBeforeTheNext);
    }

    /** A plan with no status yet counts as ended: the analyzer rejected it, or it never reached the executor. */
    private static boolean ended(MigrationStatus s) {
        return s == null || s.getTerminal();
    }

    /** The demo plan's one run per workload scenario, by scenario (see {@link #demoPlanRunOnce}); guarded by itself. */
    private static final java.util.Map<Scenario, String> RAN_ONCE = new java.util.HashMap<>();

    /**
     * The demo plan, run once under the happy workload to its final status: the scenarios that only need a plan that
     * ran share it (HappyPathIT asserts on it; ObservabilityIT and StatusOnTheLogIT read what it left on the stack), so
     * the suite pays for one happy migration, not three.
     */
    static String happyPlan() {
        return demoPlanRunOnce(Scenario.HAPPY);
    }

    /**
     * The demo plan, run once under {@code scenario} to its final status and shared by the cases that assert on such a
     * run (InterruptionIT's two read the one interrupted migration). A run that did not end is not kept: the next case
     * submits again.
     */
    static String demoPlanRunOnce(Scenario scenario) {
        // its own lock, not the class's: awaitFinal polls on another thread, which needs stack()
        synchronized (RAN_ONCE) {
            String ran = RAN_ONCE.get(scenario);
            if (ran == null) {
                stack().useScenario(scenario);
                requireAllServices();
                String planId = submit(demoPlan(), null);
                awaitFinal(planId);
                RAN_ONCE.put(scenario, planId);
                ran = planId;
            }
            return ran;
        }
    }

    /** An operator's ABORT of the plan, as the operator's principal, sent and acknowledged (not awaited). */
    static void abort(String planId, String reason) {
        try (dev.spotshift.cli.EventPublisher p = new dev.spotshift.cli.EventPublisher(operatorConnection())) {
            p.send(dev.spotshift.schemas.Topics.OPERATOR_COMMANDS, planId, dev.spotshift.cli.OperatorCommands.command(
                    planId, dev.spotshift.events.OperatorAction.ABORT, null, OPERATOR_NAME, reason,
                    java.time.Clock.systemUTC()));
        }
    }

    private static void endBeforeTheNext(String planId) {
        java.util.function.BooleanSupplier ended = () -> ended(status(planId));
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(ended::getAsBoolean);
        } catch (org.awaitility.core.ConditionTimeoutException stillLive) {
            abort(planId, "next scenario");
            await().atMost(MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(ended::getAsBoolean);
        }
    }

    /**
     * The fleet-wide money-leak check: the executor reaper's count of capacity tagged by this deployment that no live
     * plan accounts for, as its /q/metrics exports it (the PrometheusRule alerts on it above 0).
     */
    static double moneyLeak() throws Exception {
        return moneyLeak(stack());
    }

    /** The money-leak check of the given stack's executor (the AWS stack's, say). */
    static double moneyLeak(DemoStack on) throws Exception {
        DemoStack.ServiceState executor = on.services().get("executor-service");
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(executor.process().url() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith("spotshift_executor_orphaned_spot_instances"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static MigrationStatus status(String planId) {
        return Plans.latest(connection(), quiet()).get(planId);
    }

    /** Waits until the plan's status is final, and says the last status seen when it is not. */
    static MigrationStatus awaitFinal(String planId) {
        AtomicReference<MigrationStatus> last = new AtomicReference<>();
        await().atMost(MIGRATION_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .alias("plan " + planId + " final; last status seen: " + last)
                .until(() -> {
                    last.set(status(planId));
                    return last.get() != null && last.get().getTerminal();
                });
        return last.get();
    }

    /** Every event of the plan on one topic, in log order. */
    static <V extends SpecificRecord> List<V> events(Topic<V> topic, String planId) {
        List<V> found = new ArrayList<>();
        // as the audit, the one principal that reads every topic
        try (TopicReader<V> reader = new TopicReader<>(connection(Principal.AUDIT), topic, quiet()).onlyKey(planId)) {
            reader.readToEnd(r -> {
                if (planId.equals(r.key())) {
                    found.add(r.value());
                }
            });
        }
        return found;
    }

    /**
     * The plan's events on one topic as they arrive, read by one reader kept open (as the audit, like {@link #events}):
     * an await looks again with one more poll of it, where {@link #events} opens a consumer and logs in on every look.
     * Read it on one thread (a consumer is not thread-safe: await with {@code pollInSameThread()}) and close it.
     */
    static <V extends SpecificRecord> Followed<V> follow(Topic<V> topic, String planId) {
        return new Followed<>(topic, planId);
    }

    /** See {@link #follow}. */
    static final class Followed<V extends SpecificRecord> implements AutoCloseable {
        private final TopicReader<V> reader;
        private final String planId;
        private final List<V> seen = new ArrayList<>();

        private Followed(Topic<V> topic, String planId) {
            this.planId = planId;
            this.reader = new TopicReader<>(connection(Principal.AUDIT), topic, quiet()).onlyKey(planId);
            reader.readToEnd(this::take);
        }

        private void take(org.apache.kafka.clients.consumer.ConsumerRecord<String, V> r) {
            if (planId.equals(r.key())) {
                seen.add(r.value());
            }
        }

        /** Every event of the plan so far, in log order, after one more poll for what came since the last look. */
        List<V> now() {
            reader.pollOnce(this::take);
            return new ArrayList<>(seen);
        }

        /** The plan's latest event after one more poll (its status, on migration-status); null before the first. */
        V latest() {
            List<V> all = now();
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    /**
     * The plan's rollout events one a line (stage, share, wave, payload), its latest status and its dead letters: to
     * tell where a failed scenario stopped.
     */
    static String described(String planId) {
        StringBuilder out = new StringBuilder("plan ").append(planId).append(":\n");
        for (dev.spotshift.events.RolloutEvent e : events(dev.spotshift.schemas.Topics.ROLLOUT_EVENTS, planId)) {
            out.append("  ").append(e.getStage()).append(' ').append(e.getSpotPercent()).append("% ")
                    .append(e.getWave() == null ? "" : e.getWave().getState() + " ").append(e.getPayload()).append('\n');
        }
        out.append("  status: ").append(status(planId)).append('\n');
        for (dev.spotshift.events.DeadLetter d : events(dev.spotshift.schemas.Topics.DEAD_LETTERS, planId)) {
            out.append("  dead letter from ").append(d.getSourceTopic()).append(" by ").append(d.getConsumer())
                    .append(": ").append(d.getReason()).append('\n');
        }
        return out.toString();
    }

    /** The capacity calls any service made on the shared simulated account since {@code from}. */
    static List<dev.spotshift.cloud.sim.CapacityCall> cloudCallsSince(java.time.Instant from) {
        return stack().cloudCalls().stream().filter(c -> !c.at().isBefore(from)).toList();
    }

    /** The demo plan's Auto Scaling group as the simulated account has it now. */
    static dev.spotshift.cloud.GroupState demoGroup() {
        var workload = demoPlan().plans().get(0).getWorkload();
        return stack().describeGroup(workload.getRegion(), workload.getAutoScalingGroupName());
    }

    static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }

    static Path home() {
        return SpotshiftHome.locate();
    }

    /**
     * Replays the plan from the log and verifies it as ops would months later: every effect names a cause
     * that exists, cloud actions have an approval upstream, rollbacks carry their evidence, one trace id
     * spans the plan, and the status folded from the events equals the latest migration-status record.
     */
    static dev.spotshift.audit.PlanAudit audited(String planId) {
        return audited(planId, stack());
    }

    private static dev.spotshift.audit.PlanAudit audited(String planId, DemoStack on) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (dev.spotshift.audit.Replay replay = replay(on)) {
                return dev.spotshift.audit.PlanAudit.of(replay.plan(planId, null, null));
            }
        }, a -> a.passed());
    }

    /** The plan's audit as a replay reads it now, clean or not. */
    static dev.spotshift.audit.PlanAudit replayed(String planId) {
        try (dev.spotshift.audit.Replay replay = replay(stack())) {
            return dev.spotshift.audit.PlanAudit.of(replay.plan(planId, null, null));
        }
    }

    /** The audit's replay, logged in as the audit's principal. */
    private static dev.spotshift.audit.Replay replay(DemoStack on) {
        return dev.spotshift.audit.Replay.connect(on.bootstrapServers(), on.registryUrl(), Duration.ofSeconds(15),
                on.clientSecurity(Principal.AUDIT)).checkingOperatorsWith(dev.spotshift.schemas.access.OperatorProof
                .configured(dev.spotshift.infra.RestIssuer.ISSUER,
                        dev.spotshift.infra.RestIssuer.shared().publicKey().toUri().toString()).orElseThrow());
    }

    /** The audit of a plan, asserted clean, with its events all on one trace. */
    static dev.spotshift.audit.PlanAudit assertAuditClean(String planId) {
        return assertAuditClean(planId, stack());
    }

    /** As {@link #assertAuditClean(String)}, on the given stack's broker and registry (the AWS stack's, say). */
    static dev.spotshift.audit.PlanAudit assertAuditClean(String planId, DemoStack on) {
        dev.spotshift.audit.PlanAudit audit;
        try {
            audit = audited(planId, on);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            try (dev.spotshift.audit.Replay replay = replay(on)) {
                audit = dev.spotshift.audit.PlanAudit.of(replay.plan(planId, null, null));
            }
        }
        assertThat(audit.verification().errors()).as("audit findings of %s", planId).isEmpty();
        assertThat(audit.timeline()).as("replayed events of %s", planId).isNotEmpty();
        java.util.List<dev.spotshift.audit.AuditEvent> own = audit.timeline().stream()
                .filter(e -> !e.topic().equals(dev.spotshift.schemas.Topics.WORKLOAD_METRICS.name())
                        && !e.topic().equals(dev.spotshift.schemas.Topics.SPOT_INTERRUPTIONS.name())
                        && !e.topic().equals(dev.spotshift.schemas.Topics.OPERATOR_COMMANDS.name())
                        // the reaper's census sighting starts a trace of its own (CapacityCensus), and the order and
                        // announcement it leads to follow it: seen when the census passes while capacity still runs
                        && !e.type().reaper())
                .toList();
        // On a failure, name each event with its trace, so the one outside the plan's trace is found at once.
        assertThat(own.stream().map(dev.spotshift.audit.AuditEvent::traceId).distinct().toList())
                .as("trace ids of the plan's own events: %s", own.stream()
                        .map(e -> e.topic() + "/" + e.type() + "@" + e.traceId()).toList()).hasSize(1);
        return audit;
    }
}
