package dev.spotshift.audit;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.OperatorProof;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Rebuilds plan histories from the log. The entry point of the library: the CLI, tests and
 * {@link ReplayMain} call this; nothing here prints.
 */
public final class Replay implements AutoCloseable {

    /**
     * The plan-history topics, plus workload metrics: a rollback command answers the metric sample
     * that breached, so without the samples every monitor-ordered rollback would look uncaused.
     */
    static final List<Topic<?>> READ = readList();

    private final LogReader reader;
    /** Checks the token each operator command carries; null: none configured, every command shown unverified. */
    private OperatorProof proof;

    private Replay(LogReader reader) {
        this.reader = reader;
    }

    /**
     * This replay, checking each operator command's token against {@code proof} (the issuer the executor trusts), so
     * the timeline shows who is behind it.
     */
    public Replay checkingOperatorsWith(OperatorProof proof) {
        this.proof = proof;
        return this;
    }

    /** The issuer the services trust, from the same settings as theirs ({@code MP_JWT_VERIFY_ISSUER}, {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}). */
    public static java.util.Optional<OperatorProof> proofFromEnvironment() {
        return OperatorProof.configured(System.getenv("MP_JWT_VERIFY_ISSUER"),
                System.getenv("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
    }

    public static Replay connect(String bootstrapServers, String registryUrl) {
        return connect(bootstrapServers, registryUrl, Duration.ofSeconds(15));
    }

    public static Replay connect(String bootstrapServers, String registryUrl, Duration timeout) {
        return connect(bootstrapServers, registryUrl, timeout, java.util.Map.of());
    }

    /** With the client security settings of the principal the audit reads as (it needs read on every topic it replays). */
    public static Replay connect(String bootstrapServers, String registryUrl, Duration timeout,
                                 java.util.Map<String, String> security) {
        return new Replay(new LogReader(bootstrapServers, registryUrl, timeout, security));
    }

    /**
     * One plan, read only from the partition its key hashes to on each topic. Without {@code from}
     * the plan's submission (on the small migration-plans topic) tells where the rest starts.
     */
    public PlanHistory plan(String planId, Instant from, Instant to) {
        Instant start = from != null ? from : submittedAt(planId);
        List<AuditEvent> events = new ArrayList<>();
        List<TopicPartition> tps = READ.stream().map(t -> reader.partitionOf(t, planId)).toList();
        reader.read(tps, start, to, planId, r -> decode(r).ifPresent(events::add));
        List<AuditEvent> inBounds = new ArrayList<>(events.stream().filter(e -> within(e, from, to)).toList());
        inBounds.addAll(killSwitches(inBounds, start));
        StatusSnapshot status = to != null ? null
                : latestStatus(List.of(reader.partitionOf(Topics.MIGRATION_STATUS, planId)), planId).get(planId);
        return new PlanHistory(planId, inBounds, java.util.Optional.ofNullable(status), reader.takeProblems(),
                from != null || to != null);
    }

    /**
     * Every plan with an event since {@code since}; a plan that started earlier is read again from its
     * own submission, so its history is whole.
     */
    public List<PlanHistory> all(Instant since, Instant to) {
        Map<String, List<AuditEvent>> byPlan = new LinkedHashMap<>();
        List<TopicPartition> tps = new ArrayList<>();
        READ.forEach(t -> tps.addAll(reader.partitions(t)));
        reader.read(tps, since, to, null, r -> decode(r).filter(e -> within(e, since, to))
                .ifPresent(e -> byPlan.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(e)));
        List<ReadProblem> problems = new ArrayList<>(reader.takeProblems());
        Map<String, StatusSnapshot> statuses = to != null ? Map.of()
                : latestStatus(reader.partitions(Topics.MIGRATION_STATUS), null);
        // taken after each read of every key, so none is lost or left to be pinned on the next plan's replay
        problems.addAll(reader.takeProblems());
        List<PlanHistory> out = new ArrayList<>();
        for (Map.Entry<String, List<AuditEvent>> plan : byPlan.entrySet()) {
            boolean whole = since == null
                    || plan.getValue().stream().anyMatch(e -> e.type() == EventType.MIGRATION_PLAN_SUBMITTED);
            if (!whole) {
                out.add(plan(plan.getKey(), null, to));
                continue;
            }
            List<AuditEvent> events = new ArrayList<>(plan.getValue());
            events.addAll(killSwitches(events, since));
            problems.addAll(reader.takeProblems());
            out.add(new PlanHistory(plan.getKey(), events, java.util.Optional.ofNullable(statuses.get(plan.getKey())),
                    List.of(), to != null));
        }
        if (!problems.isEmpty()) {
            // undecodable records belong to no plan we can name: carried on a history of their own
            out.add(new PlanHistory("(unreadable records)", List.of(), java.util.Optional.empty(), problems, true));
        }
        return out;
    }

    private Instant submittedAt(String planId) {
        List<Instant> at = new ArrayList<>();
        reader.read(List.of(reader.partitionOf(Topics.MIGRATION_PLANS, planId)), null, null, planId,
                r -> decode(r).ifPresent(e -> at.add(e.occurredAt())));
        return at.stream().min(Instant::compareTo).orElse(null);
    }

    /** Kill-switch events are global (not keyed by plan): taken in when a plan's event answers one. */
    private List<AuditEvent> killSwitches(List<AuditEvent> events, Instant from) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.eventId()));
        Set<String> wanted = new HashSet<>();
        events.stream().filter(e -> e.hasCause() && !ids.contains(e.causationId()))
                .filter(e -> e.type() == EventType.ROLLED_BACK || e.type() == EventType.ROLLOUT_PAUSED)
                .forEach(e -> wanted.add(e.causationId()));
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<AuditEvent> found = new ArrayList<>();
        reader.read(reader.partitions(Topics.KILL_SWITCH), from, null, null,
                r -> decode(r).filter(e -> wanted.contains(e.eventId())).ifPresent(found::add));
        return found;
    }

    /** The latest status record of every plan, whole (its cost account included), for the fleet's savings. */
    public List<MigrationStatus> latestStatuses() {
        Map<String, MigrationStatus> latest = new java.util.LinkedHashMap<>();
        reader.read(reader.partitions(Topics.MIGRATION_STATUS), null, null, null, r -> {
            if (r.value() instanceof MigrationStatus s) {
                latest.put(r.key(), s);
            } else if (r.value() == null) {
                latest.remove(r.key());
            }
        });
        return new ArrayList<>(latest.values());
    }

    /** {@code key}: one plan's, or null for every plan's. */
    private Map<String, StatusSnapshot> latestStatus(List<TopicPartition> tps, String key) {
        Map<String, StatusSnapshot> latest = new HashMap<>();
        reader.read(tps, null, null, key, r -> {
            if (r.value() instanceof MigrationStatus s) {
                latest.put(r.key(), StatusSnapshot.of(s));
            }
        });
        return latest;
    }

    private java.util.Optional<AuditEvent> decode(ConsumerRecord<String, Object> r) {
        // an old command is judged at its own time: its token has long expired by the time the audit reads it
        OperatorProof.Verdict identity = proof != null && r.value() instanceof OperatorCommand c
                ? proof.verify(c, OperatorProof.token(r.headers()).orElse(null), c.getEnvelope().getOccurredAt())
                : null;
        return java.util.Optional.ofNullable(r.value() == null ? null
                : EventDecoder.decode(r.value(), r.topic(), r.partition(), r.offset(), identity));
    }

    private static boolean within(AuditEvent e, Instant from, Instant to) {
        return (from == null || !e.occurredAt().isBefore(from)) && (to == null || !e.occurredAt().isAfter(to));
    }

    private static List<Topic<?>> readList() {
        List<Topic<?>> topics = new ArrayList<>(Topics.planHistory());
        if (!topics.contains(Topics.WORKLOAD_METRICS)) {
            topics.add(Topics.WORKLOAD_METRICS);
        }
        return List.copyOf(topics);
    }

    @Override
    public void close() {
        reader.close();
    }
}
