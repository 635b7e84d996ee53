package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.AgentVote;
import dev.spotshift.infra.ApicurioRegistryProcess;
import dev.spotshift.schemas.CachingSchemaResolver;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Exemplars;
import dev.spotshift.schemas.SchemaPreregistration;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
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
 * Production's registry discipline on a real registry of its own: the publishing step registers every schema, and the
 * services' serdes, with auto-register off, only look them up — including the schemas with nested records
 * (agent-votes, migration-decisions), which Apicurio 2.6's own lookup could not find.
 */
class SchemaLookupOnlyTest {

    private static ApicurioRegistryProcess registry;

    @BeforeAll
    static void startAnEmptyRegistry() {
        registry = ApicurioRegistryProcess.start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyTopicsValueSerdeWritesAndReadsWithAutoRegisterOffOnceTheSchemasArePublished() {
        // Given every schema of the catalog published by the publishing step
        SchemaPreregistration publish = SchemaPreregistration.publish(Topics.all(), registry.registryUrl());
        assertThat(publish.attempt()).as(publish.detail()).isTrue();

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

    private static <V extends SpecificRecord> boolean roundTrip(Topic<V> topic) {
        try (Serde<V> serde = EventSerdes.avroSerde(registry.registryUrl(), false, false)) {
            V event = Exemplars.of(topic.valueType());
            byte[] bytes = serde.serializer().serialize(topic.name(), new RecordHeaders(), event);
            return event.equals(serde.deserializer().deserialize(topic.name(), new RecordHeaders(), bytes));
        }
    }
}
