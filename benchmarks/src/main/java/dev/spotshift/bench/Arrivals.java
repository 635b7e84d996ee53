package dev.spotshift.bench;

import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Watches an output topic from its current end and notes, with System.nanoTime, when each event arrives,
 * keyed by whatever the caller extracts (e.g. the causationId naming the sample that breached). read_committed:
 * an event counts as arrived when an exactly-once consumer downstream could see it.
 */
public final class Arrivals<V extends SpecificRecord> implements AutoCloseable {

    private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final KafkaConsumer<String, byte[]> consumer;

    Arrivals(Clients clients, Topic<V> topic, Function<V, String> keyOf) {
        consumer = clients.rawConsumer();
        List<TopicPartition> tps = new ArrayList<>();
        consumer.partitionsFor(topic.name()).forEach(p -> tps.add(new TopicPartition(topic.name(), p.partition())));
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        tps.forEach(consumer::position); // resolve "end" now, before any trial is sent
        @SuppressWarnings("unchecked")
        Deserializer<V> decoder = EventSerdes.<V>avroSerde(clients.registryUrl(), false).deserializer();
        thread = new Thread(() -> {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    V value = decoder.deserialize(r.topic(), r.headers(), r.value());
                    String key = value == null ? null : keyOf.apply(value);
                    if (key != null) {
                        arrivedAt.putIfAbsent(key, now);
                    }
                }
            }
            consumer.close();
        }, "bench-arrivals-" + topic.name());
        thread.setDaemon(true);
        thread.start();
    }

    Long arrivedAt(String key) {
        return arrivedAt.get(key);
    }

    boolean allArrived(List<String> keys) {
        return keys.stream().allMatch(arrivedAt::containsKey);
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
