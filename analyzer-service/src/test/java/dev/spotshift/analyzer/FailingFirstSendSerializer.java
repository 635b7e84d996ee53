package dev.spotshift.analyzer;

import dev.spotshift.events.AssessmentEvent;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * The assessments' serializer with a fault: the first send of an answer to a plan whose id starts
 * with {@link #PREFIX} fails, every later one goes through. The send fails inside the real producer,
 * so the analyzer's own transaction and redelivery are what the test exercises.
 */
public class FailingFirstSendSerializer extends AvroKafkaSerializer<Object> {

    static final String PREFIX = "fail-first-send-";
    private static final Map<String, AtomicInteger> FAILED = new ConcurrentHashMap<>();

    static int failures(String planId) {
        AtomicInteger n = FAILED.get(planId);
        return n == null ? 0 : n.get();
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (data instanceof AssessmentEvent a && a.getEnvelope().getPlanId().startsWith(PREFIX)) {
            AtomicInteger n = FAILED.computeIfAbsent(a.getEnvelope().getPlanId(), k -> new AtomicInteger());
            if (n.get() == 0) {
                n.incrementAndGet();
                throw new SerializationException("injected: the first send of " + a.getEnvelope().getPlanId() + " fails");
            }
        }
        return super.serialize(topic, headers, data);
    }
}
