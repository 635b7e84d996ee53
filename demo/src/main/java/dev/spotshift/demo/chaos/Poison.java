package dev.spotshift.demo.chaos;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bad records, produced with a plain Kafka producer as a broken or hostile client would: on every topic a service
 * reads, garbage bytes under a key no plan has and garbage under a null key; and on workload-metrics a real sample of
 * a live plan sent again dated one hour ahead. A key is never a live plan's for garbage: the plan's own history must
 * stay readable for its audit.
 */
final class Poison {

    static final String KEY_PREFIX = "chaos-poison-";
    static final Duration AHEAD = Duration.ofHours(1);

    /** One bad record sent: where, and what kind. */
    record Sent(String topic, String key, String kind) {}

    /** One bad record the broker would not take (a keyless record on a compacted topic), and its answer. */
    record Refused(String topic, String key, String kind, String why) {}

    /** What reached the topics, which services must dead-letter, and what the broker itself refused. */
    record Outcome(List<Sent> sent, List<Refused> refused) {}

    private Poison() {}

    static Outcome send(String bootstrapServers, int round, List<String> livePlans) {
        List<Sent> sent = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        byte[] garbage = ("\u0000\u0000\u0000\u0000\u0007 not avro, round " + round).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerConfig(bootstrapServers))) {
            for (Topic<?> t : Topics.all()) {
                if (t.equals(Topics.DEAD_LETTERS)) {
                    continue;
                }
                // One at a time: a batch holding a keyless record for a compacted topic is refused whole, so sending
                // them together would silently take the keyed garbage down with it and test nothing.
                one(p, new ProducerRecord<>(t.name(), KEY_PREFIX + round, garbage), "garbage", sent, refused);
                one(p, new ProducerRecord<>(t.name(), null, garbage), "null key", sent, refused);
            }
            for (String planId : livePlans) {
                latestSample(bootstrapServers, planId).ifPresent(r -> {
                    long ahead = System.currentTimeMillis() + AHEAD.toMillis();
                    one(p, new ProducerRecord<>(r.topic(), r.partition(), ahead, r.key(), r.value(), r.headers()),
                            "dated +1h", sent, refused);
                });
            }
        }
        return new Outcome(List.copyOf(sent), List.copyOf(refused));
    }

    private static void one(KafkaProducer<String, byte[]> p, ProducerRecord<String, byte[]> r, String kind,
                            List<Sent> sent, List<Refused> refused) {
        try {
            p.send(r).get(30, TimeUnit.SECONDS);
            sent.add(new Sent(r.topic(), r.key(), kind));
        } catch (ExecutionException e) {
            refused.add(new Refused(r.topic(), r.key(), kind, e.getCause().getClass().getSimpleName() + ": "
                    + e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw new IllegalStateException("poison for " + r.topic() + " not acknowledged in 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending poison", e);
        }
    }

    /** The plan's latest metric sample, raw (its schema id rides in the headers). */
    private static Optional<ConsumerRecord<String, byte[]>> latestSample(String bootstrapServers, String planId) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(Topics.WORKLOAD_METRICS.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            end.forEach((tp, o) -> consumer.seek(tp, Math.max(0, o - 200)));
            ConsumerRecord<String, byte[]> found = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (planId.equals(r.key())) {
                        found = r;
                    }
                }
            }
            return Optional.ofNullable(found);
        }
    }

    private static Properties producerConfig(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // At least linger.ms + request.timeout.ms, or the producer refuses to start (Kafka 4: linger.ms defaults to 5).
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return p;
    }
}
