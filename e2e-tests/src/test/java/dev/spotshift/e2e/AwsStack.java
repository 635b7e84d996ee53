package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.Connection;
import dev.spotshift.cli.PlanCommand;
import dev.spotshift.cli.Plans;
import dev.spotshift.cli.TopicReader;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.demo.MotoAccount;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.simulator.domain.Scenario;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;

/**
 * The whole system on the AWS implementation against moto, started once per test JVM and stopped by a shutdown hook:
 * the demo's stack with {@code onMoto()} (every service with {@code spotshift.cloud.kind=aws} and the endpoint of a
 * moto the stack starts, plus the cloud-bridge, which turns the CloudWatch metrics the workload simulator puts into
 * workload-metrics and the SQS queue's notices into spot-interruptions). Each scenario migrates its own Auto Scaling
 * group, created here in moto as the demo plan's group would exist before a migration (the analyzer rejects a plan
 * on a group that a live plan drives).
 */
final class AwsStack {

    private static DemoStack stack;

    private AwsStack() {}

    static synchronized DemoStack stack() {
        if (stack == null) {
            // One stack at a time on two cores: the simulated scenarios' stack goes before this one starts.
            E2eStack.stopIfStarted();
            stack = DemoStack.start(DemoStack.Options.defaults(Scenario.HAPPY).onMoto(), System.out::println);
            if (Boolean.getBoolean("spotshift.e2e.keep-logs")) {
                stack.keepLogs();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-aws-stack-stop"));
            moto().createBucket(URI.create(E2eStack.demoPlan().plans().get(0).getCheckpoint().getLocation()).getHost());
        }
        return stack;
    }

    /** The AWS stack if a scenario started it, without starting one. */
    static synchronized java.util.Optional<DemoStack> ifStarted() {
        return java.util.Optional.ofNullable(stack);
    }

    /** Stops the AWS stack (moto included) so another can run alone; the next {@link #stack()} starts a new one. */

    static synchronized void stopIfStarted() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    static MotoAccount moto() {
        return stack().moto().orElseThrow();
    }

    /** Fails with the names of the services that did not start (the four and the cloud-bridge). */
    static void requireAllServices() {
        assertThat(stack().missingServices())
                .as("services not running (see the log lines above for why); the scenario needs all five").isEmpty();
    }

    /**
     * How long each step's gate watches on moto, and so the step interval (a window may not outlast its step).
     *
     * <p>A step's gate judges the window from the moment the executor decides the step, and its cost-per-job check
     * allows no more than the baseline's. The first step (25 %) can only lower cost once an instance of the group
     * actually runs on spot: moto launches every group instance on-demand, and {@code MotoSpotMix} swaps one in
     * from outside after the executor's command, the actuator's UpdateAutoScalingGroup and its own next pass (the
     * swap is six calls into moto, and the pass walks every group earlier scenarios created). On a loaded 2-core
     * machine that took several seconds; in the demo plan's 8 s window the step-0 gate then saw the baseline's cost
     * per job give or take one CloudWatch datapoint (one of eight), and breached on that noise. A user on a real
     * account sizes the window to the time the group takes to converge on a changed distribution; this is that
     * choice for moto here: with 15 s, a swap up to about 10 s late still leaves the window's cost per job below
     * the baseline by more than one datapoint's worth (one spot instance of four at moto's near-zero spot price
     * takes about a quarter off every interval after the swap). Every gate still judges all its checks, the
     * cost-per-job one included, at the baseline's own limit.
     */
    static final Duration GATE_WINDOW_ON_MOTO = Duration.ofSeconds(15);

    /**
     * The demo plan moved onto a group of its own, which is created in moto: a MixedInstancesPolicy all on-demand
     * (100 % above a base of 0), the plan's current type first and its spot candidates as overrides. Its steps'
     * validation window (and interval) is {@link #GATE_WINDOW_ON_MOTO}.
     */
    static ParsedPlans planOnNewGroup(String groupName) {
        ParsedPlans demo = E2eStack.demoPlan();
        MigrationPlan plan = MigrationPlan.newBuilder(demo.plans().get(0)).build();
        plan.getWorkload().setAutoScalingGroupName(groupName);
        plan.getRollout().setValidationWindowMillis(Math.max(plan.getRollout().getValidationWindowMillis(),
                GATE_WINDOW_ON_MOTO.toMillis()));
        plan.getRollout().setStepIntervalMillis(Math.max(plan.getRollout().getStepIntervalMillis(),
                plan.getRollout().getValidationWindowMillis()));
        List<String> types = new ArrayList<>(List.of(plan.getWorkload().getCurrentInstanceType()));
        plan.getSpot().getInstanceTypes().stream().filter(t -> !types.contains(t)).forEach(types::add);
        moto().createGroup(groupName, types, plan.getSpot().getTargetCapacity(), plan.getWorkload().getAzPreference());
        return new ParsedPlans(demo.documentId(), demo.planName(), List.of(plan), List.of());
    }

    static GroupState group(String groupName) {
        return stack().describeGroup(MotoAccount.REGION, groupName);
    }

    static Connection connection() {
        // its operator commands (cleanup aborts) name "e2e" and carry that operator's token, which the executor checks
        return new Connection(stack().bootstrapServers(), stack().registryUrl())
                .withToken(E2eStack.operatorToken(E2eStack.OPERATOR_NAME));
    }

    static String submit(ParsedPlans plan) {
        List<MigrationPlanSubmitted> sent = PlanCommand.submit(connection(), plan, UUID.randomUUID().toString(),
                SubmissionChannel.CLI, "e2e-aws");
        return sent.get(0).getEnvelope().getPlanId();
    }

    static MigrationStatus status(String planId) {
        return Plans.latest(connection(), E2eStack.quiet()).get(planId);
    }

    /** Waits until the plan's status is final, and says the last status seen when it is not. */
    static MigrationStatus awaitFinal(String planId) {
        AtomicReference<MigrationStatus> last = new AtomicReference<>();
        try {
            await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        last.set(status(planId));
                        return last.get() != null && last.get().getTerminal();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // The services' logs say why; they would be deleted with the stack.
            stack().keepLogs();
            throw new AssertionError("plan " + planId + " not final within " + E2eStack.MIGRATION_TIMEOUT
                    + "; last status seen: " + last.get() + "; logs kept: " + stack().services().values().stream()
                    .filter(s -> s.process() != null).map(s -> s.process().logFile().toString()).toList(), e);
        }
        return last.get();
    }

    /** Runs a wait; when it times out, the failure says what the plan went through. */
    static <T> T explained(String planId, java.util.function.Supplier<T> wait) {
        try {
            return wait.get();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; plan " + planId + " so far: " + story(planId), e);
        }
    }

    /** What the plan went through so far (rollout payloads and cloud outcomes), for a failure message. */
    static String story(String planId) {
        List<String> steps = new ArrayList<>();
        events(dev.spotshift.schemas.Topics.ROLLOUT_EVENTS, planId).forEach(e -> steps.add(
                e.getPayload().getClass().getSimpleName() + "@" + e.getSpotPercent()
                        + (e.getPayload() instanceof dev.spotshift.events.ReplacementLaunched r ? " " + r : "")));
        events(dev.spotshift.schemas.Topics.CLOUD_OUTCOMES, planId).forEach(o -> steps.add(
                "outcome " + o.getAction() + (o.getSucceeded() ? " ok" : " failed: " + o.getError())
                        + (o.getAction().equals("VerifyCheckpoint") ? " " + o.getResult() : "")));
        return String.join(", ", steps);
    }

    /** The plan replayed from the AWS stack's log and verified clean, as {@link E2eStack#assertAuditClean}. */
    static dev.spotshift.audit.PlanAudit assertAuditClean(String planId) {
        return E2eStack.assertAuditClean(planId, stack());
    }

    /**
     * The plan's gate verdicts in one line each (step, result, samples, and the cost-per-job and any failed check as
     * observed against its limit), for a failure message or the test's output.
     */
    static String gates(String planId) {
        List<String> lines = new ArrayList<>();
        for (dev.spotshift.events.GateVerdict v : events(dev.spotshift.schemas.Topics.GATE_VERDICTS, planId)) {
            List<String> checks = v.getMeasurements().stream()
                    .filter(m -> !m.getPassed() || m.getMetric().startsWith("cost_per_job"))
                    .map(m -> String.format("%s %.1f (limit %.1f%s)", m.getMetric(), m.getObserved(), m.getThreshold(),
                            m.getPassed() ? "" : ", BREACHED"))
                    .toList();
            lines.add((v.getScope() == dev.spotshift.events.GateScope.SHADOW_PHASE ? "shadow run"
                    : v.getScope() == dev.spotshift.events.GateScope.VALIDATION_PERIOD ? "validation period"
                    : "step " + v.getStepIndex()) + " " + v.getResult() + " over "
                    + Duration.between(v.getWindowStart(), v.getWindowEnd()).toMillis() + " ms, " + v.getSamples()
                    + " samples: " + String.join(", ", checks));
        }
        return String.join("; ", lines);
    }

    /** Every event of the plan on one topic, in log order. */
    static <V extends SpecificRecord> List<V> events(Topic<V> topic, String planId) {
        List<V> found = new ArrayList<>();
        try (TopicReader<V> reader = new TopicReader<>(connection(), topic, E2eStack.quiet()).onlyKey(planId)) {
            reader.readToEnd(r -> {
                if (planId.equals(r.key())) {
                    found.add(r.value());
                }
            });
        }
        return found;
    }
}
