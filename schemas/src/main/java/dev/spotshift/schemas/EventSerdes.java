package dev.spotshift.schemas;

import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroSerde;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * The one place the Apicurio serde is configured for plain clients and Kafka Streams.
 * Quarkus channels get the same settings from this jar's META-INF/microprofile-config.properties.
 */
public final class EventSerdes {

    private EventSerdes() {}

    /** Serializer/deserializer properties for the Avro serde against a registry (v2 API URL). */
    public static Map<String, Object> config(String registryUrl) {
        Map<String, Object> c = new HashMap<>();
        c.put(SerdeConfig.REGISTRY_URL, registryUrl);
        // Schemas are registered by whoever writes first; the registry's BACKWARD rule guards changes.
        c.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        c.put(SerdeConfig.FIND_LATEST_ARTIFACT, false);
        c.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        return c;
    }

    public static <V> Serde<V> avroSerde(String registryUrl, boolean isKey) {
        return avroSerde(registryUrl, isKey, false);
    }

    /**
     * With {@code schemaIdInPayload} the serializer writes the schema id after a magic byte in the value instead of
     * in headers. Every deserializer reads both: it takes the headers' id when there is one, else the payload's.
     */
    public static <V> Serde<V> avroSerde(String registryUrl, boolean isKey, boolean schemaIdInPayload) {
        Map<String, Object> c = config(registryUrl);
        if (schemaIdInPayload) {
            c.put(SerdeConfig.ENABLE_HEADERS, false);
        }
        AvroSerde<V> serde = new AvroSerde<>();
        serde.configure(c, isKey);
        return serde;
    }
}
