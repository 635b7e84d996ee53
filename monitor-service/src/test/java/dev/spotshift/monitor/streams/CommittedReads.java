package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.Topic;
import dev.spotshift.testsupport.BrokerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * "Nothing more arrives": a plan's committed records on a topic, read from the start for a bounded
 * window of polls. The negative counterpart of {@link BrokerClient#readUntil}, which waits for a
 * positive condition with Awaitility.
 */
final class CommittedReads {

    private CommittedReads() {}

    static <V extends SpecificRecord> List<V> readFor(String bootstrapServers, String registryUrl, Topic<V> topic,
                                                       String planId, Duration window) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                topic.valueSerde(registryUrl).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (planId.equals(r.key())) {
                        seen.add(r.value());
                    }
                });
            }
        }
        return seen;
    }
}
