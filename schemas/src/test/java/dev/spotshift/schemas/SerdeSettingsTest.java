package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Plain clients (EventSerdes) and Quarkus channels (microprofile-config.properties) write the same wire format. */
class SerdeSettingsTest {

    private static final String CONNECTOR = "mp.messaging.connector.smallrye-kafka.";

    @Test
    void quarkusChannelsAndPlainClientsWriteTheConfluentWireFormatAlike() throws IOException {
        Properties channels = new Properties();
        try (InputStream in = EventSerdes.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            channels.load(in);
        }
        assertThat(EventSerdes.CONFLUENT_WIRE_FORMAT).isNotEmpty();
        EventSerdes.CONFLUENT_WIRE_FORMAT.forEach((key, value) ->
                assertThat(channels.getProperty(CONNECTOR + key)).as(CONNECTOR + key).isEqualTo(String.valueOf(value)));
        assertThat(EventSerdes.config("http://127.0.0.1:1/apis/registry/v2")).containsAllEntriesOf(EventSerdes.CONFLUENT_WIRE_FORMAT);
    }

    @Test
    void quarkusChannelsAndPlainClientsCacheSchemaLookupsAndReadersAlike() throws IOException {
        Properties channels = new Properties();
        try (InputStream in = EventSerdes.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            channels.load(in);
        }
        assertThat(EventSerdes.CACHING).isNotEmpty();
        EventSerdes.CACHING.forEach((key, value) ->
                assertThat(channels.getProperty(CONNECTOR + key)).as(CONNECTOR + key).isEqualTo(String.valueOf(value)));
        assertThat(EventSerdes.config("http://127.0.0.1:1/apis/registry/v2")).containsAllEntriesOf(EventSerdes.CACHING);
    }

    @Test
    void theServicesSerdesRegisterOnlyWhenTheSwitchSaysSoAndTheChannelsFollowIt() throws IOException {
        Properties shared = new Properties();
        try (InputStream in = EventSerdes.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shared.load(in);
        }
        // off in prod, where the publishing step alone registers; on where a test or dev mode starts an empty registry
        assertThat(shared.getProperty(EventSerdes.AUTO_REGISTER)).isEqualTo("false");
        assertThat(shared.getProperty("%dev." + EventSerdes.AUTO_REGISTER)).isEqualTo("true");
        assertThat(shared.getProperty("%test." + EventSerdes.AUTO_REGISTER)).isEqualTo("true");
        assertThat(shared.getProperty(CONNECTOR + "apicurio.registry.auto-register"))
                .isEqualTo("${" + EventSerdes.AUTO_REGISTER + "}");
        String url = "http://127.0.0.1:1/apis/registry/v2";
        System.setProperty(EventSerdes.AUTO_REGISTER, "false");
        try {
            assertThat(EventSerdes.config(url)).containsEntry(io.apicurio.registry.serde.SerdeConfig.AUTO_REGISTER_ARTIFACT, false);
            System.setProperty(EventSerdes.AUTO_REGISTER, "true");
            assertThat(EventSerdes.config(url)).containsEntry(io.apicurio.registry.serde.SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        } finally {
            System.clearProperty(EventSerdes.AUTO_REGISTER);
        }
    }

    @Test
    void quarkusChannelsAndPlainClientsRegisterTheSelfContainedSchemaTextTheLookupSends() throws IOException {
        Properties channels = new Properties();
        try (InputStream in = EventSerdes.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            channels.load(in);
        }
        String dereference = io.apicurio.registry.resolver.SchemaResolverConfig.DEREFERENCE_SCHEMA;
        assertThat(EventSerdes.config("http://127.0.0.1:1/apis/registry/v2")).containsEntry(dereference, true);
        assertThat(channels.getProperty(CONNECTOR + dereference)).isEqualTo("true");
    }
}
