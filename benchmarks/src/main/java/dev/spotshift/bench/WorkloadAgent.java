package dev.spotshift.bench;

import dev.spotshift.cloud.StoredObject;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Stands in for the workload's agent on the instances: answers each checkpoint command at once by storing a
 * small checkpoint in the simulated cloud and reporting it. Its own reaction is part of what benchmark 5
 * measures, as a real agent's would be; it does nothing slow on purpose.
 */
final class WorkloadAgent implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    WorkloadAgent(Clients clients, SimulatedCloud cloud) {
        KafkaConsumer<String, byte[]> consumer = clients.rawConsumer();
        List<TopicPartition> tps = new ArrayList<>();
        consumer.partitionsFor(Topics.WORKLOAD_COMMANDS.name())
                .forEach(p -> tps.add(new TopicPartition(Topics.WORKLOAD_COMMANDS.name(), p.partition())));
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        tps.forEach(consumer::position);
        Deserializer<WorkloadCommand> decoder = EventSerdes.<WorkloadCommand>avroSerde(clients.registryUrl(), false)
                .deserializer();
        byte[] state = "{\"jobsCompleted\":7}".getBytes(StandardCharsets.UTF_8);
        thread = new Thread(() -> {
            try (Clients.EventProducer producer = clients.eventProducer()) {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        WorkloadCommand cmd = decoder.deserialize(r.topic(), r.headers(), r.value());
                        StoredObject stored = cloud.checkpoints().put(URI.create(cmd.getLocation()), state);
                        producer.send(Topics.WORKLOAD_REPORTS, r.key(),
                                BenchEvents.checkpointed(cmd, stored.sizeBytes(), stored.sha256()));
                    }
                    producer.flush();
                }
            } finally {
                consumer.close();
            }
        }, "bench-workload-agent");
        thread.setDaemon(true);
        thread.start();
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
