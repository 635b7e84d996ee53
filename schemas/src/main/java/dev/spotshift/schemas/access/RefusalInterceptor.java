package dev.spotshift.schemas.access;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Sees every send's outcome and hands a refused one to {@link BrokerRefusals} with the principal the client logs in
 * as: configured as {@code interceptor.classes} on a service's clients ({@code kafka.interceptor.classes} for its
 * channels, the Streams producer's, {@link #watch} for clients built by hand). Records pass through unchanged. It is a
 * consumer interceptor too only so one {@code kafka.interceptor.classes} serves a service's consumers and producers
 * alike (a consumer's refusal surfaces from poll, where the caller reports it).
 */
public final class RefusalInterceptor implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

    private volatile String principal = "unauthenticated";

    /** Adds this interceptor to a hand-built client's properties and returns them. */
    public static java.util.Properties watch(java.util.Properties client) {
        client.put("interceptor.classes", with(client.get("interceptor.classes")));
        return client;
    }

    /** As {@link #watch(java.util.Properties)}, for a client configured by a map. */
    public static Map<String, Object> watch(Map<String, Object> client) {
        client.put("interceptor.classes", with(client.get("interceptor.classes")));
        return client;
    }

    private static String with(Object existing) {
        String mine = RefusalInterceptor.class.getName();
        return existing == null || existing.toString().isBlank() ? mine : existing + "," + mine;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // not through BrokerRefusals: a client in a process without Micrometer must still be constructible
        Map<String, String> security = new java.util.TreeMap<>();
        configs.forEach((k, v) -> {
            if (v != null && KafkaClientSecurity.isSecurityKey(k)) {
                security.put(k, v instanceof org.apache.kafka.common.config.types.Password p ? p.value() : v.toString());
            }
        });
        principal = KafkaClientSecurity.principal(security).orElse("unauthenticated");
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            try {
                BrokerRefusals.record(principal, exception, metadata == null ? null : metadata.topic(), "producer");
            } catch (LinkageError noMicrometer) {
                // a process without Micrometer (a test application): the sender sees the refusal itself
            }
        }
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // nothing to see: a refused commit surfaces to the caller
    }

    @Override
    public void close() {
        // holds nothing
    }
}
