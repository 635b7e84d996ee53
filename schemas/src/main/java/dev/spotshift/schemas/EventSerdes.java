package dev.spotshift.schemas;

import io.apicurio.registry.serde.Legacy4ByteIdHandler;
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
        c.putAll(CONFLUENT_WIRE_FORMAT);
        return c;
    }

    /**
     * The Confluent wire format: magic byte 0 and a 4-byte schema id at the head of the value, no headers. Standard
     * tools (kcat, AKHQ, Redpanda Console) decode it through the registry's Confluent-compatible API, and Kafka
     * Streams keeps it when it restores a global table straight from the topic (it drops headers). The id is the
     * registry's content id, the one {@code /apis/ccompat/v7/schemas/ids/{id}} answers for.
     * META-INF/microprofile-config.properties says the same for Quarkus channels; SerdeSettingsTest holds them equal.
     */
    public static final Map<String, Object> CONFLUENT_WIRE_FORMAT = Map.of(
            SerdeConfig.ENABLE_HEADERS, false,
            SerdeConfig.ID_HANDLER, Legacy4ByteIdHandler.class.getName(),
            SerdeConfig.USE_ID, "contentId");

    public static <V> Serde<V> avroSerde(String registryUrl, boolean isKey) {
        Map<String, Object> c = config(registryUrl);
        AvroSerde<V> serde = new AvroSerde<>();
        serde.configure(c, isKey);
        return serde;
    }
}
