package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.Transience;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes inside the topology rather than in a DeserializationExceptionHandler: the dead letter is
 * then written by the same exactly-once transaction that commits the offset, so an undecodable
 * record is neither lost nor dead-lettered twice. (The shared handler stays configured for any other input.)
 * A record with no key or no value is a dead letter too: every plan topic is keyed by planId and carries events,
 * never deletes. A failure to reach the registry is rethrown: the thread is replaced and the record read again.
 */
final class DecodeProcessor implements Processor<String, byte[], String, Object> {

    private final MonitorSerdes serdes;
    private final MonitorMetrics metrics;
    private ProcessorContext<String, Object> context;

    DecodeProcessor(MonitorSerdes serdes, MonitorMetrics metrics) {
        this.serdes = serdes;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topicName = context.recordMetadata().map(m -> m.topic()).orElse("");
        if (record.value() == null) {
            deadLetter(record, "tombstone on " + topicName + " (key " + record.key() + "): plan topics carry events, never deletes", null);
            return;
        }
        if (record.key() == null) {
            deadLetter(record, "no key on " + topicName + ": every plan topic is keyed by planId", null);
            return;
        }
        SpecificRecord event;
        try {
            Topic<?> topic = Topics.byName(topicName)
                    .orElseThrow(() -> new IllegalStateException("topic " + topicName + " is not in the catalog"));
            event = decode(topic, record.headers(), record.value());
            if (event == null) {
                throw new IllegalArgumentException("decoded to nothing");
            }
        } catch (RuntimeException e) {
            if (Transience.isTransient(e)) {
                throw e;
            }
            deadLetter(record, "undecodable as " + topicName + ": " + e.getMessage(), e);
            return;
        }
        metrics.eventIn(topicName, event.getClass().getSimpleName());
        // Outside the try: what the monitor throws is its own to handle (quarantine), not a decoding failure.
        context.forward(record.withValue(new Inbound(event, record.value())), TopologyProducer.MONITOR);
    }

    private void deadLetter(Record<String, byte[]> record, String reason, Exception e) {
        metrics.deadLettered("undecodable");
        metrics.eventOut(Topics.DEAD_LETTERS.name(), "DeadLetter");
        context.forward(record.withValue(DeadLetters.of(context, record.key(), record.value(), reason, e)),
                TopologyProducer.TO_DEAD_LETTERS);
    }

    private <V extends SpecificRecord> V decode(Topic<V> topic, Headers headers, byte[] bytes) {
        return serdes.of(topic).deserializer().deserialize(topic.name(), headers, bytes);
    }
}
