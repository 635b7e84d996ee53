package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.SchemaPreregistration;
import dev.spotshift.schemas.SchemaRules;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class EventContractTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    PlanProbe probe;

    @Test
    void aPlanSentThroughTheAvroSerdeIsRegisteredAndReadBackEqual() throws Exception {
        // Given a plan event
        String planId = "plan-" + UUID.randomUUID();
        MigrationPlanSubmitted sent = SamplePlans.nightlyEtl(planId);

        // When a service sends it through the Apicurio serde
        probe.send(sent);

        // Then another consumer reads back the very same event
        await().atMost(WAIT).until(() -> probe.received().stream()
                .anyMatch(e -> e.getEnvelope().getPlanId().equals(planId)));
        MigrationPlanSubmitted got = probe.received().stream()
                .filter(e -> e.getEnvelope().getPlanId().equals(planId)).findFirst().orElseThrow();
        assertThat(got).isEqualTo(sent);

        // And the schema is in the registry under the topic's value artifact
        HttpResponse<String> meta = get("/groups/default/artifacts/" + Topics.MIGRATION_PLANS.name() + "-value/meta");
        assertThat(meta.statusCode()).isEqualTo(200);
        assertThat(meta.body()).contains("\"type\":\"AVRO\"");
        HttpResponse<String> schema = get("/groups/default/artifacts/" + Topics.MIGRATION_PLANS.name() + "-value");
        assertThat(schema.body()).contains("MigrationPlanSubmitted").contains("EventEnvelope");
    }

    @Test
    void aKillSwitchReadsBackFromItsValueBytesAloneAsAGlobalStoreRestoredFromTheTopicHoldsThem() {
        // Given the kill switch serialized as every writer does, through its topic's serde
        dev.spotshift.events.KillSwitch engaged = dev.spotshift.events.KillSwitch.newBuilder()
                .setEnvelope(dev.spotshift.schemas.Envelopes.next(Topics.KILL_SWITCH_KEY, "contract-test", null,
                        java.time.Clock.systemUTC()))
                .setEngaged(true).setOperator("ops").setReason("incident").build();
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        byte[] bytes = Topics.KILL_SWITCH.valueSerde(registry()).serializer()
                .serialize(Topics.KILL_SWITCH.name(), headers, engaged);

        // When it is read back from the value bytes with no headers (Streams restores a global store that way)
        var read = Topics.KILL_SWITCH.valueSerde(registry()).deserializer().deserialize(Topics.KILL_SWITCH.name(),
                bytes);

        // Then it is the same switch: the schema id travelled in the payload, not in a header
        assertThat(read).isEqualTo(engaged);
        assertThat(bytes[0]).as("magic byte").isZero();
        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void theRegistryRefusesAnIncompatibleChangeOfAPublishedSchema() throws Exception {
        // Given the plan schema is registered (by sending one plan)
        probe.send(SamplePlans.nightlyEtl("plan-" + UUID.randomUUID()));
        String artifact = "/groups/default/artifacts/" + Topics.MIGRATION_PLANS.name() + "-value";
        await().atMost(WAIT).until(() -> get(artifact + "/meta").statusCode() == 200);

        // When someone publishes a version that adds a required field without a default
        String current = get(artifact).body();
        String broken = current.replaceFirst("\"fields\"\\s*:\\s*\\[",
                "\"fields\":[{\"name\":\"costCentre\",\"type\":\"string\"},");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(registry() + artifact + "/versions"))
                .header("Content-Type", "application/json")
                .header("X-Registry-ArtifactType", "AVRO")
                .POST(HttpRequest.BodyPublishers.ofString(broken)).build(), HttpResponse.BodyHandlers.ofString());

        // Then the global BACKWARD rule refuses it
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(answer.body()).containsIgnoringCase("compatib");
    }

    @Test
    void theRegistryHoldsAUnionTopicToFullSoAWriterUpgradedFirstCannotAddABranch() throws Exception {
        // Given the rollout events' and gate verdicts' schemas registered as a service does before its traffic
        SchemaPreregistration schemas = SchemaPreregistration.viaSerde(
                List.of(Topics.ROLLOUT_EVENTS, Topics.GATE_VERDICTS), registry());
        await().atMost(WAIT).until(schemas::attempt);

        // Then each artifact carries its topic's declared rule, not only the global default
        assertThat(SchemaRules.of(registry(), Topics.ROLLOUT_EVENTS)).isEqualTo("FULL");
        assertThat(SchemaRules.of(registry(), Topics.GATE_VERDICTS)).isEqualTo("BACKWARD");

        // When a writer upgraded first publishes a version whose payload has a branch the readers do not know
        String artifact = "/groups/default/artifacts/" + Topics.ROLLOUT_EVENTS.valueArtifactId();
        Schema current = new Schema.Parser().parse(get(artifact).body());
        Schema extra = Schema.createRecord("SomethingNew", null, current.getNamespace(), false,
                List.of(new Schema.Field("note", Schema.create(Schema.Type.STRING))));
        List<Schema.Field> fields = current.getFields().stream().map(f -> {
            if (!f.name().equals("payload")) {
                return new Schema.Field(f, f.schema());
            }
            List<Schema> branches = new ArrayList<>(f.schema().getTypes());
            branches.add(extra);
            return new Schema.Field(f, Schema.createUnion(branches));
        }).toList();
        String grown = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields)
                .toString();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(registry() + artifact + "/versions"))
                .header("Content-Type", "application/json")
                .header("X-Registry-ArtifactType", "AVRO")
                .POST(HttpRequest.BodyPublishers.ofString(grown)).build(), HttpResponse.BodyHandlers.ofString());

        // Then the registry refuses it (the global BACKWARD rule alone would have let it through)
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(answer.body()).containsIgnoringCase("compatib");
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicWithTheReason() {
        // Given bytes that are not an Avro event
        String key = "plan-" + UUID.randomUUID();
        byte[] garbage = ("not an event " + key).getBytes(StandardCharsets.UTF_8);

        // When they arrive on a topic a service reads
        try (BrokerClient broker = broker()) {
            broker.publishRaw(Topics.MIGRATION_PLANS, key, garbage);

            // Then a dead letter under the record's key says where it came from and why, and keeps the bytes
            DeadLetter letter = broker.readUntil(Topics.DEAD_LETTERS, key, WAIT, found -> !found.isEmpty()).get(0);
            assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(garbage));
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.MIGRATION_PLANS.name());
            assertThat(letter.getSourceOffset()).isGreaterThanOrEqualTo(0);
            assertThat(letter.getReason()).isNotBlank();
            assertThat(letter.getConsumer()).isNotBlank();
        }
        // And the service goes on consuming: a good plan after the bad bytes still arrives
        String planId = "plan-" + UUID.randomUUID();
        probe.send(SamplePlans.nightlyEtl(planId));
        await().atMost(WAIT).until(() -> probe.received().stream()
                .anyMatch(e -> e.getEnvelope().getPlanId().equals(planId)));
    }

    private static BrokerClient broker() {
        return new BrokerClient(LocalInfra.shared().bootstrapServers(), registry());
    }

    private static String registry() {
        return LocalInfra.shared().registryUrl();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(registry() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
