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

    /**
     * Whether a writer's serde may register the schema it writes ({@code false} unless set): only the schema-publishing
     * step ({@link SchemaPreregistration#publish}, {@code spotshift schemas publish}) writes to the registry, which
     * takes writes from its principal alone, and every other serde looks its schema up by content — the services
     * (their prod profile), and the plain clients with no MicroProfile Config (the CLI, the workload simulator, the
     * audit), which used to register whatever they wrote. On in a service's dev and test profiles, which start an empty
     * registry. System property, then environment {@code SPOTSHIFT_REGISTRY_AUTO_REGISTER}, then MicroProfile Config.
     */
    public static final String AUTO_REGISTER = "spotshift.registry.auto-register";

    private EventSerdes() {}

    /** See {@link #AUTO_REGISTER}. */
    public static boolean autoRegister() {
        String v = System.getProperty(AUTO_REGISTER);
        if (v == null) {
            v = System.getenv("SPOTSHIFT_REGISTRY_AUTO_REGISTER");
        }
        if (v == null) {
            try {
                v = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getOptionalValue(AUTO_REGISTER, String.class).orElse(null);
            } catch (RuntimeException | LinkageError noConfig) {
                // a plain client (CLI, simulator, audit) without MicroProfile Config: the default
            }
        }
        return autoRegister(v);
    }

    /** The switch's value as set; unset or blank is lookup only. */
    static boolean autoRegister(String setting) {
        return setting != null && Boolean.parseBoolean(setting.strip());
    }

    /** Serializer/deserializer properties for the Avro serde against a registry (v2 API URL). */
    public static Map<String, Object> config(String registryUrl) {
        return config(registryUrl, autoRegister());
    }

    /** As {@link #config(String)}, registering the written schema when it is not there ({@code autoRegister}) or not. */
    public static Map<String, Object> config(String registryUrl, boolean autoRegister) {
        return config(registryUrl, autoRegister, RegistryCredentials.fromEnvironment());
    }

    /** As {@link #config(String, boolean)}, calling the registry with {@code credentials} (the publisher's, to write). */
    public static Map<String, Object> config(String registryUrl, boolean autoRegister, RegistryCredentials credentials) {
        Map<String, Object> c = new HashMap<>(credentials.serdeConfig());
        c.put(SerdeConfig.REGISTRY_URL, registryUrl);
        // Off: the schema must have been published (lookup by content); the topic's compatibility rule guards changes.
        c.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, autoRegister);
        c.put(SerdeConfig.FIND_LATEST_ARTIFACT, false);
        // A schema registers as one self-contained text, nested records inlined, the form CachingSchemaResolver looks
        // up by; registered as separate referenced artifacts, a lookup by content without the references finds nothing.
        c.put(io.apicurio.registry.resolver.SchemaResolverConfig.DEREFERENCE_SCHEMA, true);
        c.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        c.putAll(CONFLUENT_WIRE_FORMAT);
        c.putAll(CACHING);
        return c;
    }

    /**
     * No schema lookup nor schema text per record, no new Avro reader per record: the resolver and the datum provider
     * keep what they resolved per schema ({@link CachingSchemaResolver}, {@link CachingAvroDatumProvider}). Same bytes
     * on the wire. META-INF/microprofile-config.properties says the same for Quarkus channels (SerdeSettingsTest).
     */
    public static final Map<String, Object> CACHING = Map.of(
            SerdeConfig.SCHEMA_RESOLVER, CachingSchemaResolver.class.getName(),
            AvroKafkaSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());

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
        return avroSerde(registryUrl, isKey, autoRegister());
    }

    public static <V> Serde<V> avroSerde(String registryUrl, boolean isKey, boolean autoRegister) {
        return avroSerde(registryUrl, isKey, autoRegister, RegistryCredentials.fromEnvironment());
    }

    public static <V> Serde<V> avroSerde(String registryUrl, boolean isKey, boolean autoRegister,
                                         RegistryCredentials credentials) {
        Map<String, Object> c = config(registryUrl, autoRegister, credentials);
        AvroSerde<V> serde = new AvroSerde<>();
        serde.configure(c, isKey);
        return serde;
    }
}
