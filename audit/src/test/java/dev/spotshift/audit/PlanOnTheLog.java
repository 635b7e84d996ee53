package dev.spotshift.audit;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.Comparator;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.Measurement;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.events.VoteSummary;
import dev.spotshift.events.VoteVerdict;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.PlanParser;
import dev.spotshift.testsupport.BrokerClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes a small plan history to the real broker the way the services would: idempotent producers with
 * the catalog's serdes (test-support's BrokerClient), each event answering the one before with the envelope helpers.
 */
final class PlanOnTheLog implements AutoCloseable {

    private static final String PLAN_YAML = """
            apiVersion: spotshift.dev/v1
            kind: MigrationPlan
            name: audit-it
            mode: live
            workloads:
              - name: nightly_etl_batch
                kind: batch-etl
                region: us-east-1
                autoScalingGroupName: nightly-etl-batch
                currentInstanceType: m5.large
                interruptionTolerant: true
                stateless: true
                realTimeRequirement: false
            spot:
              instanceTypes: [m5.large, m5a.large]
              maxPrice: 0.7 x on-demand
              targetCapacity: 1
            rollout:
              stepsPercent: [25, 50, 100]
              stepInterval: PT20S
              validationWindow: PT10S
            """;

    final String planId;
    private final BrokerClient broker;
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
    private int tick;

    PlanOnTheLog(String bootstrapServers, String registryUrl) {
        this(bootstrapServers, registryUrl, newPlanId());
    }

    PlanOnTheLog(String bootstrapServers, String registryUrl, String planId) {
        this.planId = planId;
        broker = new BrokerClient(bootstrapServers, registryUrl);
    }

    static String newPlanId() {
        return "audit-it.nightly-etl-batch." + UUID.randomUUID().toString().substring(0, 12);
    }

    /**
     * A new plan id whose key lands on the same partition as {@code planId}'s on every catalog topic (they all have the
     * same partition count, and the producers' partitioner is murmur2 of the key): its records sit among that plan's.
     */
    static String planIdBeside(String planId) {
        int n = Topics.ROLLOUT_EVENTS.partitions();
        int wanted = partition(planId, n);
        for (int i = 0; ; i++) {
            String other = "audit-it.other-plan." + i + "." + UUID.randomUUID().toString().substring(0, 8);
            if (partition(other, n) == wanted) {
                return other;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** submission, assessment, 3 votes, decision, step started/completed, a breaching sample, rollback command, rolled back, status. */
    List<String> publishRolledBackHistory() {
        List<Pending> history = rolledBackHistory();
        history.forEach(this::publish);
        return eventIds(history);
    }

    /**
     * This plan's rolled-back history and each of {@code others}', written turn about, one event of each plan at a time,
     * so this plan's records are interleaved with theirs on the same partitions. This plan's event ids, in order.
     */
    List<String> publishRolledBackHistoryAmong(List<PlanOnTheLog> others) {
        List<Pending> mine = rolledBackHistory();
        List<List<Pending>> theirs = others.stream().map(PlanOnTheLog::rolledBackHistory).toList();
        for (int i = 0; i < mine.size(); i++) {
            for (int k = 0; k < others.size(); k++) {
                if (i < theirs.get(k).size()) {
                    others.get(k).publish(theirs.get(k).get(i));
                }
            }
            publish(mine.get(i));
        }
        return eventIds(mine);
    }

    /**
     * Bytes that are no Avro event under this plan's key on {@code topic}, as a broken producer would write them; the
     * offset the broker gave them.
     */
    long publishGarbage(Topic<?> topic) {
        broker.publishRaw(topic, planId, "garbage, not Avro".getBytes(StandardCharsets.UTF_8));
        return broker.readAllRaw(topic, planId).stream()
                .filter(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).startsWith("garbage"))
                .mapToLong(ConsumerRecord::offset).max().orElseThrow();
    }

    /** One record to write: an event of the history, or the status record (no event id). */
    private record Pending(Topic<?> topic, SpecificRecord value, Instant at, String eventId) {}

    private List<Pending> rolledBackHistory() {
        List<Pending> out = new ArrayList<>();
        MigrationPlan plan = PlanParser.parse(PLAN_YAML).plans().get(0);
        EventEnvelope sub = Envelopes.next(planId, "cli/0.1.0", null, clock());
        send(Topics.MIGRATION_PLANS, sub, MigrationPlanSubmitted.newBuilder().setEnvelope(sub).setSubmittedBy("ops")
                .setChannel(SubmissionChannel.CLI).setPlan(plan).build(), out);
        EventEnvelope assessed = Envelopes.answering(sub, "analyzer-service/0.1.0", clock());
        send(Topics.SPOT_ASSESSMENTS, assessed, AssessmentEvent.newBuilder().setEnvelope(assessed)
                .setPayload(OpportunityAssessed.newBuilder().setPlan(plan).setCandidates(List.of())
                        .setRecommendedInstanceTypes(List.of("m5.large")).setExpectedSavingsPercent(62.0)
                        .setExpectedMonthlySavingsMicros(41_000_000L).setMarketSource("simulated:7").build())
                .build(), out);
        List<VoteSummary> votes = new ArrayList<>();
        EventEnvelope lastVote = null;
        for (AgentKind agent : List.of(AgentKind.PERFORMANCE, AgentKind.RESOURCE, AgentKind.APPLICATION)) {
            lastVote = Envelopes.answering(assessed, "coordinator-service/0.1.0", clock());
            send(Topics.AGENT_VOTES, lastVote, AgentVote.newBuilder().setEnvelope(lastVote).setAgent(agent)
                    .setVerdict(VoteVerdict.APPROVE).setConfidence(0.9).setReasons(List.of()).setPlan(plan).build(), out);
            votes.add(new VoteSummary(agent, VoteVerdict.APPROVE, 0.9, lastVote.getEventId()));
        }
        EventEnvelope decision = Envelopes.answering(lastVote, "coordinator-service/0.1.0", clock());
        send(Topics.MIGRATION_DECISIONS, decision, MigrationDecision.newBuilder().setEnvelope(decision)
                .setOutcome(DecisionOutcome.APPROVED).setRule(ApprovalRule.UNANIMOUS).setDecidedBy(DecisionBasis.ALL_VOTES)
                .setVotes(votes).setReasons(List.of()).setPlan(plan).setInstanceTypes(List.of("m5.large")).build(), out);
        EventEnvelope started = Envelopes.answering(decision, "executor-service/0.1.0", clock());
        send(Topics.ROLLOUT_EVENTS, started, rollout(started, 25, MigrationStage.SHIFTING,
                new RolloutStepStarted(0, 3, 0, 25, "h", started.getOccurredAt().plusSeconds(10), null)), out);
        EventEnvelope completed = Envelopes.answering(started, "executor-service/0.1.0", clock());
        send(Topics.ROLLOUT_EVENTS, completed, rollout(completed, 25, MigrationStage.SHIFTING,
                new RolloutStepCompleted(0, 25, null, null, null)), out);
        EventEnvelope sample = Envelopes.next(planId, "workload-simulator/0.1.0", null, clock());
        send(Topics.WORKLOAD_METRICS, sample, MetricSample.newBuilder().setEnvelope(sample).setIntervalMillis(10_000)
                .setJobsCompleted(39).setJobsFailed(1).setMeanJobMillis(61_000).setCpuUtilisationPercent(55)
                .setCostMicros(30_000).setOnDemandCostMicros(80_000).setSpotPercent(25).build(), out);
        EventEnvelope command = Envelopes.answering(sample, "monitor-service/0.1.0", clock());
        String commandId = planId + ":ERROR_RATE:" + sample.getOccurredAt().toEpochMilli();
        send(Topics.ROLLBACK_COMMANDS, command, RollbackCommand.newBuilder().setEnvelope(command).setCommandId(commandId)
                .setLevel(RollbackLevel.FULL).setTrigger(RollbackTrigger.ERROR_RATE)
                .setWindowStart(sample.getOccurredAt().minusSeconds(60)).setWindowEnd(sample.getOccurredAt())
                .setMeasurements(List.of(new Measurement("errorRatePercent", 2.5, 0.01, Comparator.LESS_OR_EQUAL, 0.0, false)))
                .setBreachingSampleId(sample.getEventId()).setReason("error rate 2.5 % over 1 min").build(), out);
        EventEnvelope rolledBack = Envelopes.answering(command, "executor-service/0.1.0", clock());
        send(Topics.ROLLOUT_EVENTS, rolledBack, rollout(rolledBack, 0, MigrationStage.ROLLED_BACK,
                new RolledBack(RollbackLevel.FULL, RollbackTrigger.ERROR_RATE, 25, 0, commandId, "error rate",
                        rolledBack.getOccurredAt())), out);
        out.add(new Pending(Topics.MIGRATION_STATUS, MigrationStatus.newBuilder()
                .setPlanId(planId).setStage(MigrationStage.ROLLED_BACK).setTerminal(true).setSpotPercent(0)
                .setRollbacks(1).setSavingsMicros(50_000).setUpdatedAt(rolledBack.getOccurredAt())
                .setLastEventId(rolledBack.getEventId()).build(), null, null));
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void publish(Pending p) {
        if (p.at() == null) {
            broker.publish((Topic) p.topic(), planId, p.value());
        } else {
            // the record's timestamp is the event's time, as a producer stamping at send would give
            broker.publish((Topic) p.topic(), planId, p.value(), p.at());
        }
    }

    private static List<String> eventIds(List<Pending> history) {
        return history.stream().map(Pending::eventId).filter(java.util.Objects::nonNull).toList();
    }

    /** An effect whose cause was never written: a rollout step answering an eventId nobody produced. */
    String publishEffectWithMissingCause() {
        EventEnvelope orphan = Envelopes.next(planId, "executor-service/0.1.0", "never-written-" + UUID.randomUUID(),
                clock());
        List<Pending> ids = new ArrayList<>();
        send(Topics.ROLLOUT_EVENTS, orphan, rollout(orphan, 0, MigrationStage.ROLLED_BACK,
                new RolloutStepCompleted(1, 0, null, null, null)), ids);
        publish(ids.get(0));
        return ids.get(0).eventId();
    }

    private RolloutEvent rollout(EventEnvelope env, int spot, MigrationStage stage, Object payload) {
        return RolloutEvent.newBuilder().setEnvelope(env).setSpotPercent(spot).setStage(stage).setPayload(payload).build();
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, EventEnvelope env, V value, List<Pending> ids) {
        ids.add(new Pending(topic, value, env.getOccurredAt(), env.getEventId()));
    }

    private Clock clock() {
        return Clock.fixed(start.plusSeconds(tick++), ZoneOffset.UTC);
    }

    @Override
    public void close() {
        broker.close();
    }

}
