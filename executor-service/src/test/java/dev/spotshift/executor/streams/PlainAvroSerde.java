package dev.spotshift.executor.streams;

import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.TopicSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Avro binary without a registry, for TopologyTestDriver: same records, same schemas, no network. The registry
 * path itself is covered by the test on the real broker and registry.
 */
final class PlainAvroSerde {

    static final TopicSerdes SOURCE = TopicSerdes.plainAvro();

    private PlainAvroSerde() {}

    static <V extends SpecificRecord> Serde<V> of(Class<V> type) {
        return new AvroBinarySerde<>(type);
    }
}
