package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.AgentVote;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.infra.ApicurioRegistryProcess;
import dev.spotshift.infra.RegistryAccess;
import dev.spotshift.schemas.ChannelRegistryCredentials;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Exemplars;
import dev.spotshift.schemas.RegistryCredentials;
import dev.spotshift.schemas.SchemaPreregistration;
import dev.spotshift.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry as compose and Kubernetes run it: reads too need a token of the issuer. A reader (a service, the CLI,
 * the audit) looks its schemas up with its own read-only token — through the serdes {@code EventSerdes} builds and
 * through a Quarkus channel's serdes, which {@link ChannelRegistryCredentials} signs — while an anonymous lookup is
 * refused, and the reader's token still writes nothing: writes stay the publisher's.
 */
class RegistryReadsTest {

    private static ApicurioRegistryProcess registry;
    private static final RegistryCredentials READER = RegistryAccess.as("analyzer", RegistryAccess.READER_ROLE);

    @BeforeAll
    static void startARegistryThatWantsALoginForReads() {
        registry = ApicurioRegistryProcess.start(new ApicurioRegistryProcess.Options().authenticatedReads(true));
        SchemaPreregistration publish = SchemaPreregistration.publish(
                java.util.List.of(Topics.AGENT_VOTES, Topics.MIGRATION_DECISIONS), registry.registryUrl(),
                RegistryAccess.publisher());
        assertThat(publish.attempt()).as(publish.detail()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aReaderWithItsTokenLooksItsSchemasUpAndAnAnonymousLookupIsRefused() throws Exception {
        // Given the published schemas of agent-votes and migration-decisions (nested records, looked up by content)
        // When a reader's serde, signed with its read-only token, writes and reads each back
        try (Serde<AgentVote> votes = EventSerdes.avroSerde(registry.registryUrl(), false, false, READER);
             Serde<MigrationDecision> decisions = EventSerdes.avroSerde(registry.registryUrl(), false, false, READER)) {
            AgentVote vote = Exemplars.of(AgentVote.class);
            MigrationDecision decision = Exemplars.of(MigrationDecision.class);
            // Then both round-trip
            assertThat(votes.deserializer().deserialize(Topics.AGENT_VOTES.name(), new RecordHeaders(),
                    votes.serializer().serialize(Topics.AGENT_VOTES.name(), new RecordHeaders(), vote))).isEqualTo(vote);
            assertThat(decisions.deserializer().deserialize(Topics.MIGRATION_DECISIONS.name(), new RecordHeaders(),
                    decisions.serializer().serialize(Topics.MIGRATION_DECISIONS.name(), new RecordHeaders(), decision)))
                    .isEqualTo(decision);
        }
        // When the same lookup is made without a login, Then the registry refuses it
        try (Serde<AgentVote> anonymous = EventSerdes.avroSerde(registry.registryUrl(), false, false, RegistryCredentials.NONE)) {
            assertThatThrownBy(() -> anonymous.serializer().serialize(Topics.AGENT_VOTES.name(), new RecordHeaders(),
                    Exemplars.of(AgentVote.class))).isInstanceOf(RuntimeException.class);
        }
        assertThat(status(RegistryCredentials.NONE, "/groups/default/artifacts/" + Topics.AGENT_VOTES.valueArtifactId()))
                .isEqualTo(401);
        assertThat(status(READER, "/groups/default/artifacts/" + Topics.AGENT_VOTES.valueArtifactId())).isEqualTo(200);
    }

    @Test
    void aChannelsSerdesSendTheProcesssTokenAndLookTheirSchemaUp() {
        // Given a channel's serde settings as the connector builds them (no credentials of their own)
        Map<String, Object> channel = EventSerdes.config(registry.registryUrl(), false, RegistryCredentials.NONE);

        // When the customizer signs them with the process's reader token, and a channel's serializer and
        // deserializer are configured with them
        Map<String, Object> signed = ChannelRegistryCredentials.withCredentials(channel, READER);
        try (AvroKafkaSerializer<AgentVote> out = new AvroKafkaSerializer<>();
             AvroKafkaDeserializer<AgentVote> in = new AvroKafkaDeserializer<>()) {
            out.configure(signed, false);
            in.configure(signed, false);
            AgentVote vote = Exemplars.of(AgentVote.class);

            // Then a vote goes through the registry both ways
            assertThat(in.deserialize(Topics.AGENT_VOTES.name(), new RecordHeaders(),
                    out.serialize(Topics.AGENT_VOTES.name(), new RecordHeaders(), vote))).isEqualTo(vote);
        }
        // and unsigned, the same serializer is refused
        try (AvroKafkaSerializer<AgentVote> unsigned = new AvroKafkaSerializer<>()) {
            unsigned.configure(channel, false);
            assertThatThrownBy(() -> unsigned.serialize(Topics.AGENT_VOTES.name(), new RecordHeaders(),
                    Exemplars.of(AgentVote.class))).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void theReadersTokenWritesNothing() throws Exception {
        // Given a reader's read-only token
        String artifact = "forged-by-a-reader-value";
        // When it registers a schema, Then the registry refuses (403), and the artifact does not exist
        HttpResponse<String> write = HttpClient.newHttpClient().send(READER.sign(HttpRequest.newBuilder(
                        URI.create(registry.registryUrl() + "/groups/default/artifacts")))
                .header("Content-Type", "application/json").header("X-Registry-ArtifactId", artifact)
                .header("X-Registry-ArtifactType", "AVRO")
                .POST(HttpRequest.BodyPublishers.ofString(AgentVote.getClassSchema().toString()))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).as(write.body()).isEqualTo(403);
        assertThat(status(READER, "/groups/default/artifacts/" + artifact)).isEqualTo(404);
    }

    private static int status(RegistryCredentials as, String path) throws Exception {
        return HttpClient.newHttpClient().send(as.sign(HttpRequest.newBuilder(URI.create(registry.registryUrl() + path)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
