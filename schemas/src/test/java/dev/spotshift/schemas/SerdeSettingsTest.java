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
    void aClientWithNoAutoRegisterSettingOnlyLooksItsSchemasUp() {
        // Given a plain client (the CLI, the simulator, the audit) that sets nothing: no MicroProfile Config on its class
        // path, no property, no environment variable
        // When its serdes ask whether to register
        // Then they only look up: the publishing step is the registry's one writer
        assertThat(EventSerdes.autoRegister((String) null)).isFalse();
        assertThat(EventSerdes.autoRegister(" ")).isFalse();
        // and only an explicit switch makes a serde a writer (a service's dev and test profiles)
        assertThat(EventSerdes.autoRegister("true")).isTrue();
        assertThat(EventSerdes.autoRegister("false")).isFalse();
    }

    @Test
    void registryCredentialsComeFromTheStandardSettingsAndReachTheSerdeAndTheRuleCalls() throws IOException {
        // Given a token in the environment, a token file, or Apicurio's basic-auth settings
        java.nio.file.Path file = java.nio.file.Files.createTempFile("registry-token", ".jwt");
        java.nio.file.Files.writeString(file, "token-from-a-secret\n");
        Properties none = new Properties();

        // When the credentials are read from each
        RegistryCredentials token = RegistryCredentials.from(java.util.Map.of("SPOTSHIFT_REGISTRY_TOKEN", "t0k3n"), none);
        RegistryCredentials fromFile = RegistryCredentials.from(
                java.util.Map.of("SPOTSHIFT_REGISTRY_TOKEN_FILE", file.toString()), none);
        Properties basicAuth = new Properties();
        basicAuth.setProperty("apicurio.auth.username", "publisher");
        basicAuth.setProperty("apicurio.auth.password", "s3cret");
        RegistryCredentials basic = RegistryCredentials.from(java.util.Map.of(), basicAuth);

        // Then each becomes one Authorization header on every serde request, and none set is anonymous
        assertThat(EventSerdes.config("http://127.0.0.1:1/apis/registry/v2", false, token))
                .containsEntry("apicurio.rest.request.headers.Authorization", "Bearer t0k3n");
        assertThat(fromFile.authorization()).hasValue("Bearer token-from-a-secret");
        assertThat(basic.authorization()).hasValue("Basic " + java.util.Base64.getEncoder()
                .encodeToString("publisher:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(RegistryCredentials.from(java.util.Map.of(), none)).isSameAs(RegistryCredentials.NONE);
        assertThat(EventSerdes.config("http://127.0.0.1:1/apis/registry/v2", false, RegistryCredentials.NONE))
                .doesNotContainKey("apicurio.rest.request.headers.Authorization");
        // and the secret never shows in a log line
        assertThat(token.toString()).doesNotContain("t0k3n");
        assertThat(basic.toString()).doesNotContain("s3cret");
        java.nio.file.Files.delete(file);
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
