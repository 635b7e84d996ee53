package dev.spotshift.executor;

import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads one plan's rollout events from the real topic, accumulating them across polls. */
final class RolloutEventsReader implements AutoCloseable {

    private final KafkaConsumer<String, RolloutEvent> consumer;
    private final String planId;
    private final List<RolloutEvent> seen = new ArrayList<>();

    RolloutEventsReader(String bootstrap, String registryUrl, String planId) {
        this.planId = planId;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "executor-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Only what the executor committed: an aborted transaction's events never happened.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), Topics.ROLLOUT_EVENTS.valueSerde(registryUrl).deserializer());
        consumer.subscribe(List.of(Topics.ROLLOUT_EVENTS.name()));
    }

    List<RolloutEvent> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            if (planId.equals(r.key())) {
                seen.add(r.value());
            }
        });
        return List.copyOf(seen);
    }

    <T> List<T> payloads(Class<T> type) {
        return poll().stream().map(RolloutEvent::getPayload).filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
