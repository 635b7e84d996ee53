package dev.spotshift.analyzer;

import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.schemas.EventSerdes;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the analyzer has already accepted and answered. The state lives in Kafka, not here: on first
 * use this reads migration-plans (idempotency key -> planIds and what they asked for) and
 * spot-assessments (plans already answered) from the beginning, then keeps up with its own writes.
 * So a restart, a redelivery after a crash, or a CLI resubmission never yields a second assessment
 * or a second migration. Both topics keep a year, which bounds the replay.
 */
@ApplicationScoped
public class SubmissionLedger {

    private static final Logger LOG = Logger.getLogger(SubmissionLedger.class);

    /** The planIds one idempotency key named, and a fingerprint of the plans it asked for. */
    public record Entry(List<String> planIds, String fingerprint) {}

    public sealed interface Claim {
        record Fresh() implements Claim {}
        record Repeat(List<String> planIds) implements Claim {}
        record Conflict(List<String> planIds) implements Claim {}
    }

    private final String bootstrap;
    private final String registryUrl;
    private final String plansTopic;
    private final String assessmentsTopic;
    private final String producer;
    private final Map<String, SortedMap<String, String>> plansByKey = new ConcurrentHashMap<>();
    private final Map<String, List<String>> idsByKey = new ConcurrentHashMap<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    public SubmissionLedger(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                            @ConfigProperty(name = "mp.messaging.incoming.plans.topic") String plansTopic,
                            @ConfigProperty(name = "mp.messaging.outgoing.assessments.topic") String assessmentsTopic,
                            @ConfigProperty(name = "quarkus.application.name") String producer) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.plansTopic = plansTopic;
        this.assessmentsTopic = assessmentsTopic;
        this.producer = producer;
    }

    /** Claims an idempotency key for plans; only a {@link Claim.Fresh} claim may publish. */
    public synchronized Claim claim(String key, List<String> planIds, List<MigrationPlan> plans) {
        ensureLoaded();
        SortedMap<String, String> asked = fingerprintable(plans);
        List<String> existing = idsByKey.get(key);
        if (existing != null) {
            return fingerprint(plansByKey.get(key)).equals(fingerprint(asked))
                    ? new Claim.Repeat(existing) : new Claim.Conflict(existing);
        }
        idsByKey.put(key, List.copyOf(planIds));
        plansByKey.put(key, asked);
        return new Claim.Fresh();
    }

    /** Forgets a claim whose events could not be published, so the client can retry. */
    public synchronized void release(String key) {
        idsByKey.remove(key);
        plansByKey.remove(key);
    }

    public boolean answered(String planId) {
        ensureLoaded();
        return answered.contains(planId);
    }

    public void markAnswered(String planId) {
        answered.add(planId);
    }

    synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
        avro.configure(EventSerdes.config(registryUrl), false);
        replay(plansTopic, r -> {
            if (avro.deserialize(r.topic(), r.headers(), r.value()) instanceof MigrationPlanSubmitted s && s.getIdempotencyKey() != null) {
                idsByKey.merge(s.getIdempotencyKey(), List.of(s.getEnvelope().getPlanId()),
                        (a, b) -> a.contains(b.get(0)) ? a : java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
                plansByKey.computeIfAbsent(s.getIdempotencyKey(), k -> new TreeMap<>())
                        .put(s.getPlan().getWorkload().getName(), s.getPlan().toString());
            }
        });
        replay(assessmentsTopic, r -> {
            if (avro.deserialize(r.topic(), r.headers(), r.value()) instanceof AssessmentEvent a
                    && a.getEnvelope().getProducer().startsWith(producer)) {
                answered.add(a.getEnvelope().getPlanId());
            }
        });
        avro.close();
        loaded = true;
        LOG.infof("ledger rebuilt from Kafka: %d idempotency keys, %d answered plans", idsByKey.size(), answered.size());
    }

    /** Reads a topic from its beginning to its current end; a record that does not decode is skipped (the consumer dead-letters it). */
    private void replay(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "analyzer-ledger-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            if (!c.listTopics(Duration.ofSeconds(30)).containsKey(topic)) {
                return;
            }
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            while (parts.stream().anyMatch(tp -> c.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    try {
                        each.accept(r);
                    } catch (RuntimeException e) {
                        LOG.debugf("ledger skips %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
            }
        }
    }

    private static SortedMap<String, String> fingerprintable(List<MigrationPlan> plans) {
        SortedMap<String, String> m = new TreeMap<>();
        plans.forEach(p -> m.put(p.getWorkload().getName(), p.toString()));
        return m;
    }

    private static String fingerprint(SortedMap<String, String> plans) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            plans.forEach((k, v) -> d.update((k + "\n" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
