package dev.spotshift.schemas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The configured serdes of the catalog's topics, the one thing a service's topology is handed to read and write them:
 * the registry's in production ({@link #registry}), plain Avro under a TopologyTestDriver ({@link #plainAvro}), any
 * per-topic choice in a test that makes one topic fail ({@link #using}). Each topic's serde is made once and shared by
 * every stream thread, as the Apicurio serdes allow. Keys are the topic's own ({@link Topic#keySerde}).
 */
public final class TopicSerdes {

    private final Function<Topic<?>, Serde<?>> factory;
    private final Map<String, Serde<?>> made = new ConcurrentHashMap<>();

    private TopicSerdes(Function<Topic<?>, Serde<?>> factory) {
        this.factory = factory;
    }

    /** Avro through Apicurio Registry at {@code registryUrl} (see {@link EventSerdes}). */
    public static TopicSerdes registry(String registryUrl) {
        return new TopicSerdes(topic -> topic.valueSerde(registryUrl));
    }

    /** Avro binary without a registry: same records, same schemas, no network (topology tests, benchmarks' drivers). */
    public static TopicSerdes plainAvro() {
        return new TopicSerdes(topic -> new AvroBinarySerde<>(topic.valueType()));
    }

    /** Any serde per topic; tests use it to make one topic's decoding fail. */
    public static TopicSerdes using(Function<Topic<?>, Serde<?>> factory) {
        return new TopicSerdes(factory);
    }

    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic) {
        return (Serde<V>) made.computeIfAbsent(topic.name(), n -> factory.apply(topic));
    }

    public Serde<String> keySerde(Topic<?> topic) {
        return topic.keySerde();
    }
}
