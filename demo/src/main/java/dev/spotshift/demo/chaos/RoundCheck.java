package dev.spotshift.demo.chaos;

import dev.spotshift.audit.PlanAudit;
import dev.spotshift.audit.Replay;
import dev.spotshift.cli.Connection;
import dev.spotshift.cli.Plans;
import dev.spotshift.cli.TopicReader;
import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads what a round left behind: the plans' statuses, the account's ledger and fleet, dead letters, audits. */
final class RoundCheck {

    private final DemoStack stack;
    private final Connection connection;
    private final SimulatedCloud account;

    RoundCheck(DemoStack stack, SimulatedCloud account) {
        this.stack = stack;
        this.account = account;
        this.connection = new Connection(stack.bootstrapServers(), stack.registryUrl());
    }

    /** The latest status of each plan (absent: none yet). */
    Map<String, MigrationStatus> statuses(List<ChaosPlans.Submitted> plans) {
        Map<String, MigrationStatus> all = Plans.latest(connection, quiet());
        Map<String, MigrationStatus> mine = new TreeMap<>();
        plans.forEach(p -> {
            if (all.get(p.planId()) != null) {
                mine.put(p.planId(), all.get(p.planId()));
            }
        });
        return mine;
    }

    static boolean allFinal(Map<String, MigrationStatus> statuses, int plans) {
        return statuses.size() == plans && statuses.values().stream().allMatch(MigrationStatus::getTerminal);
    }

    /** The plan's ReplacementLaunched events: how many, and how many repeat an interrupted instance already replaced. */
    record Replacements(int launched, int repeated) {}

    Replacements replacementEvents(String planId) {
        Map<String, Integer> perInstance = new TreeMap<>();
        try (TopicReader<RolloutEvent> reader = new TopicReader<>(connection, Topics.ROLLOUT_EVENTS, quiet())
                .onlyKey(planId)) {
            reader.readToEnd(r -> {
                if (planId.equals(r.key()) && r.value() != null
                        && r.value().getPayload() instanceof ReplacementLaunched l) {
                    perInstance.merge(l.getInterruptedInstanceId(), 1, Integer::sum);
                }
            });
        }
        int launched = perInstance.values().stream().mapToInt(Integer::intValue).sum();
        return new Replacements(launched, launched - perInstance.size());
    }

    /**
     * What a plan that did not end as expected went through, in time order, for the round's report: its rollout
     * events (payload, stage, spot share), the monitor's gate verdicts and rollback commands, each with its time. A
     * held plan's story shows, for example, whether the verdict it was held for lacking was on the log before the hold.
     */
    List<String> story(String planId) {
        List<Map.Entry<Instant, String>> lines = new ArrayList<>();
        read(Topics.ROLLOUT_EVENTS, planId, e -> lines.add(Map.entry(e.getEnvelope().getOccurredAt(),
                "executor " + e.getPayload().getClass().getSimpleName() + detail(e.getPayload()) + " -> " + e.getStage()
                        + " " + e.getSpotPercent() + " %")));
        read(Topics.GATE_VERDICTS, planId, v -> lines.add(Map.entry(v.getEnvelope().getOccurredAt(),
                "monitor GateVerdict step " + v.getStepIndex() + " " + v.getResult())));
        read(Topics.ROLLBACK_COMMANDS, planId, c -> lines.add(Map.entry(c.getEnvelope().getOccurredAt(),
                "monitor RollbackCommand " + c.getLevel() + " " + c.getTrigger())));
        lines.sort(Map.Entry.comparingByKey());
        return lines.stream().map(l -> l.getKey() + " " + l.getValue()).toList();
    }

    private static String detail(Object payload) {
        if (payload instanceof dev.spotshift.events.RolloutStepStarted s) {
            return " step " + s.getStepIndex() + " due " + s.getGateDueAt();
        }
        if (payload instanceof dev.spotshift.events.RolledBack r) {
            return " " + r.getTrigger() + ": " + r.getReason();
        }
        if (payload instanceof dev.spotshift.events.RolloutPaused p) {
            return " " + p.getReason().getCode() + ": " + p.getReason().getMessage();
        }
        return "";
    }

    private <V extends org.apache.avro.specific.SpecificRecord> void read(dev.spotshift.schemas.Topic<V> topic,
                                                                           String planId, java.util.function.Consumer<V> each) {
        try (TopicReader<V> reader = new TopicReader<>(connection, topic, quiet()).onlyKey(planId)) {
            reader.readToEnd(r -> {
                if (planId.equals(r.key()) && r.value() != null) {
                    each.accept(r.value());
                }
            });
        }
    }

    /**
     * Dead letters written since {@code from}, counted by "consumer: reason" with numbers and ids blurred.
     *
     * <p>Read with a plain consumer, not the CLI's {@link TopicReader}: a dead letter keeps the Kafka key of the record
     * it holds, so the dead letter of a record sent without a key has none either, and TopicReader (through the
     * schemas' DecodeOrDeadLetter) skips every unkeyed record as unreadable. The round would then miss the dead letters
     * of the unkeyed poison and count that poison as not dead-lettered.
     */
    Map<String, Integer> deadLettersSince(Instant from, List<DeadLetter> into) {
        Map<String, Integer> byReason = new TreeMap<>();
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", stack.bootstrapServers());
        p.put("client.id", "spotshift-chaos-dead-letters");
        p.put("enable.auto.commit", false);
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                             new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                             new org.apache.kafka.common.serialization.ByteArrayDeserializer());
             org.apache.kafka.common.serialization.Deserializer<DeadLetter> values =
                     Topics.DEAD_LETTERS.valueSerde(stack.registryUrl()).deserializer()) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name(),
                    Duration.ofSeconds(10)).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && partitions.stream()
                    .anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(10)) < end.get(tp))) {
                for (org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r
                        : consumer.poll(Duration.ofMillis(200))) {
                    DeadLetter d;
                    try {
                        d = r.value() == null ? null : values.deserialize(r.topic(), r.headers(), r.value());
                    } catch (RuntimeException e) {
                        d = null; // poison on dead-letters itself is not sent; anything else unreadable is not one
                    }
                    if (d != null && !d.getFailedAt().isBefore(from)) {
                        into.add(d);
                        byReason.merge(d.getConsumer() + " <- " + d.getSourceTopic() + ": " + blur(d.getReason()), 1,
                                Integer::sum);
                    }
                }
            }
        }
        return byReason;
    }

    /** Poison records sent to a topic that no dead letter names with the same key. */
    static List<String> missed(List<Poison.Sent> sent, List<DeadLetter> letters) {
        Set<String> seen = letters.stream().map(d -> d.getSourceTopic() + " " + d.getKey()).collect(Collectors.toSet());
        return sent.stream().map(s -> s.topic() + " " + s.key()).filter(k -> !seen.contains(k)).distinct().toList();
    }

    /** Instances tagged for one of {@code planIds} still running, once the reaper had {@code patience} to end them. */
    int orphans(List<ChaosPlans.Submitted> plans, Duration patience) {
        Set<String> ids = plans.stream().map(ChaosPlans.Submitted::planId).collect(Collectors.toSet());
        Set<String> regions = plans.stream().map(ChaosPlans.Submitted::region).collect(Collectors.toSet());
        CapacityManager fleet = account.capacity();
        return Poll.until(patience, Duration.ofSeconds(2), () -> {
            int n = 0;
            for (String region : regions) {
                for (InstanceInfo i : fleet.ownedInstances(region)) {
                    if (ids.contains(i.tags().get(CapacityManager.OWNER_TAG))) {
                        n++;
                    }
                }
            }
            return n;
        }, n -> n == 0);
    }

    /** Each plan replayed from the log and verified; the errors of those that do not pass. */
    List<String> auditFindings(List<ChaosPlans.Submitted> plans) {
        List<String> findings = new ArrayList<>();
        for (ChaosPlans.Submitted p : plans) {
            // The last status and events may still be on their way from a restarted service: give them a bound.
            PlanAudit audit = Poll.until(Duration.ofSeconds(30), Duration.ofSeconds(2), () -> audit(p.planId()),
                    a -> a != null && a.passed());
            if (audit == null) {
                findings.add(p.planId() + ": the audit could not read the plan");
            } else {
                audit.verification().errors().forEach(f -> findings.add(p.planId() + ": " + f));
            }
        }
        return findings;
    }

    private PlanAudit audit(String planId) {
        try (Replay replay = Replay.connect(stack.bootstrapServers(), stack.registryUrl())) {
            return PlanAudit.of(replay.plan(planId, null, null));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Services not running and ready. */
    List<String> servicesDown() {
        List<String> down = new ArrayList<>(stack.missingServices());
        stack.services().values().stream().filter(s -> s.process() != null && !s.process().isAlive())
                .map(DemoStack.ServiceState::name).filter(n -> !down.contains(n)).forEach(down::add);
        return down;
    }

    private static String blur(String reason) {
        String r = reason == null ? "(no reason)" : reason.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27,}", "<id>")
                .replaceAll("chaos-etl-r\\d+-p\\d+[^ ,:]*", "<plan>").replaceAll("\\d+", "#");
        return r.length() > 110 ? r.substring(0, 110) + "..." : r;
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
