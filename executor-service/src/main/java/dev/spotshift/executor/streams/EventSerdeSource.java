package dev.spotshift.executor.streams;

import dev.spotshift.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Where the topology gets each topic's value serde: the registry in production, plain Avro in topology tests. */
@FunctionalInterface
public interface EventSerdeSource {

    <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic);

    static EventSerdeSource registry(String registryUrl) {
        return new EventSerdeSource() {
            @Override
            public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic) {
                return topic.valueSerde(registryUrl);
            }
        };
    }
}
