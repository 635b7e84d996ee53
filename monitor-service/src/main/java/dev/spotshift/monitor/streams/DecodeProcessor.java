package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes inside the topology rather than in a DeserializationExceptionHandler: the dead letter is
 * then written by the same exactly-once transaction that commits the offset, so an undecodable
 * record is neither lost nor dead-lettered twice.
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
        if (record.value() == null) {
            return;
        }
        String topicName = context.recordMetadata().map(m -> m.topic()).orElse("");
        try {
            Topic<?> topic = Topics.byName(topicName)
                    .orElseThrow(() -> new IllegalStateException("topic " + topicName + " is not in the catalog"));
            SpecificRecord event = decode(topic, record.headers(), record.value());
            if (event == null) {
                throw new IllegalArgumentException("decoded to nothing");
            }
            metrics.eventIn(topicName, event.getClass().getSimpleName());
            context.forward(record.withValue(new Inbound(event, record.value())), TopologyProducer.MONITOR);
        } catch (RuntimeException e) {
            metrics.deadLettered("undecodable");
            metrics.eventOut(Topics.DEAD_LETTERS.name(), "DeadLetter");
            context.forward(record.withValue(DeadLetters.of(context, record.key(), record.value(),
                    "undecodable as " + topicName + ": " + e.getMessage(), e)), TopologyProducer.TO_DEAD_LETTERS);
        }
    }

    private <V extends SpecificRecord> V decode(Topic<V> topic, Headers headers, byte[] bytes) {
        return serdes.of(topic).deserializer().deserialize(topic.name(), headers, bytes);
    }
}
