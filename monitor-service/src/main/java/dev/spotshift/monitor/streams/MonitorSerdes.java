package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.Topic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Value serdes of the catalog's topics: the registry's in production, plain Avro under TopologyTestDriver. */
public final class MonitorSerdes {

    private final Function<Topic<?>, Serde<?>> factory;
    private final Map<String, Serde<?>> made = new ConcurrentHashMap<>();

    private MonitorSerdes(Function<Topic<?>, Serde<?>> factory) {
        this.factory = factory;
    }

    public static MonitorSerdes registry(String registryUrl) {
        return new MonitorSerdes(topic -> topic.valueSerde(registryUrl));
    }

    /** Any serdes per topic; tests use it to make one topic's decoding fail. */
    static MonitorSerdes using(Function<Topic<?>, Serde<?>> factory) {
        return new MonitorSerdes(factory);
    }

    public static MonitorSerdes plainAvro() {
        return new MonitorSerdes(topic -> new AvroBinarySerde<>(topic.valueType()));
    }

    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> Serde<V> of(Topic<V> topic) {
        return (Serde<V>) made.computeIfAbsent(topic.name(), n -> factory.apply(topic));
    }
}
