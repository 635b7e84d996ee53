package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.AgentVote;
import dev.spotshift.infra.ApicurioRegistryProcess;
import dev.spotshift.infra.RegistryAccess;
import dev.spotshift.schemas.CachingSchemaResolver;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Exemplars;
import dev.spotshift.schemas.RegistryCredentials;
import dev.spotshift.schemas.SchemaPreregistration;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Production's registry discipline on a real registry of its own, which takes writes only from the publishing
 * principal: the publishing step registers every schema with its token, the services' serdes, with auto-register off
 * and no login, only look them up — including the schemas with nested records (agent-votes, migration-decisions),
 * which Apicurio 2.6's own lookup could not find — and nobody else can register or alter a schema.
 */
class SchemaLookupOnlyTest {

    private static ApicurioRegistryProcess registry;

    @BeforeAll
    static void startAnEmptyRegistry() {
        registry = ApicurioRegistryProcess.start(new ApicurioRegistryProcess.Options().authenticatedWrites(true));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyTopicsValueSerdeWritesAndReadsWithAutoRegisterOffOnceTheSchemasArePublished() throws Exception {
        // Given every schema of the catalog published by the publishing step, with the publisher's token
        SchemaPreregistration publish = SchemaPreregistration.publish(Topics.all(), registry.registryUrl(),
                RegistryAccess.publisher());
        assertThat(publish.attempt()).as(publish.detail()).isTrue();
        assertThat(get(Topics.AGENT_VOTES.valueArtifactId() + "/meta").body())
                .contains("\"createdBy\":\"" + RegistryAccess.PUBLISHER + "\"");

        // When each topic's value serde, with auto-register off, writes an event and reads it back
        List<String> roundTripped = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            assertThat(roundTrip(topic)).as(topic.name()).isTrue();
            roundTripped.add(topic.name());
        }

        // Then every topic's did, the nested schemas among them
        assertThat(roundTripped).hasSameSizeAs(Topics.all())
                .contains(Topics.AGENT_VOTES.name(), Topics.MIGRATION_DECISIONS.name());
    }

    @Test
    void aSchemaNobodyPublishedFailsTheRecordWithAnErrorNamingItsArtifact() {
        // Given a topic whose value schema no publishing step registered
        String topic = "unpublished-" + UUID.randomUUID();

        // When a lookup-only serde writes a vote (a schema with nested records) to it
        try (Serde<AgentVote> serde = EventSerdes.avroSerde(registry.registryUrl(), false, false)) {
            AgentVote vote = Exemplars.of(AgentVote.class);

            // Then the record fails, naming the artifact it looked for and what to do
            assertThatThrownBy(() -> serde.serializer().serialize(topic, new RecordHeaders(), vote))
                    .isInstanceOf(CachingSchemaResolver.SchemaNotPublishedException.class)
                    .hasMessageContaining("artifact default/" + topic + "-value")
                    .hasMessageContaining("publish");
        }
    }

    @Test
    void aWriteWithoutThePublishersRoleIsRefusedAndRegistersNothing() throws Exception {
        // Given a schema nobody published yet
        String artifact = "forged-" + UUID.randomUUID() + "-value";
        String schema = AgentVote.getClassSchema().toString();

        // When someone without a login, and a service with its own read-only token, try to register it
        HttpResponse<String> anonymous = register(artifact, schema, RegistryCredentials.NONE);
        HttpResponse<String> service = register(artifact, schema,
                RegistryAccess.as("analyzer-service", RegistryAccess.READER_ROLE));
        // and a serde with auto-register on, without the publisher's token, tries the same
        try (Serde<AgentVote> serde = EventSerdes.avroSerde(registry.registryUrl(), false, true, RegistryCredentials.NONE)) {
            assertThatThrownBy(() -> serde.serializer().serialize(artifact.replaceFirst("-value$", ""),
                    new RecordHeaders(), Exemplars.of(AgentVote.class))).as("an anonymous auto-register").isInstanceOf(RuntimeException.class);
        }

        // Then the registry refuses: 401 for no login, 403 for the wrong role; nothing was registered
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(service.statusCode()).as(service.body()).isEqualTo(403);
        assertThat(get(artifact + "/meta").statusCode()).isEqualTo(404);

        // and the publisher's token may (the one writer)
        assertThat(register(artifact, schema, RegistryAccess.publisher()).statusCode()).isEqualTo(200);
        // while a rule change, a write as well, stays the publisher's
        assertThat(rule(artifact, RegistryCredentials.NONE).statusCode()).isEqualTo(401);
        assertThat(rule(artifact, RegistryAccess.publisher()).statusCode()).isEqualTo(204);
    }

    private static HttpResponse<String> register(String artifact, String schema, RegistryCredentials as) throws Exception {
        return send(as.sign(HttpRequest.newBuilder(URI.create(registry.registryUrl() + "/groups/default/artifacts")))
                .header("Content-Type", "application/json").header("X-Registry-ArtifactId", artifact)
                .header("X-Registry-ArtifactType", "AVRO").POST(HttpRequest.BodyPublishers.ofString(schema)));
    }

    private static HttpResponse<String> rule(String artifact, RegistryCredentials as) throws Exception {
        return send(as.sign(HttpRequest.newBuilder(URI.create(registry.registryUrl() + "/groups/default/artifacts/"
                        + artifact + "/rules"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}")));
    }

    private static HttpResponse<String> get(String artifactPath) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(registry.registryUrl() + "/groups/default/artifacts/" + artifactPath)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static <V extends SpecificRecord> boolean roundTrip(Topic<V> topic) {
        try (Serde<V> serde = EventSerdes.avroSerde(registry.registryUrl(), false, false)) {
            V event = Exemplars.of(topic.valueType());
            byte[] bytes = serde.serializer().serialize(topic.name(), new RecordHeaders(), event);
            return event.equals(serde.deserializer().deserialize(topic.name(), new RecordHeaders(), bytes));
        }
    }
}
