package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.SchemaPreregistration;
import dev.spotshift.schemas.SchemaRules;
import dev.spotshift.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
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
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>(Topics.MIGRATION_PLANS.name(), key, garbage)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }

        // Then a dead letter says where it came from and why, and keeps the bytes
        DeadLetter letter = await().atMost(WAIT).until(() -> findDeadLetter(garbage), l -> l != null);
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.MIGRATION_PLANS.name());
        assertThat(letter.getSourceOffset()).isGreaterThanOrEqualTo(0);
        assertThat(letter.getReason()).isNotBlank();
        assertThat(letter.getConsumer()).isNotBlank();
        // And the service goes on consuming: a good plan after the bad bytes still arrives
        String planId = "plan-" + UUID.randomUUID();
        probe.send(SamplePlans.nightlyEtl(planId));
        await().atMost(WAIT).until(() -> probe.received().stream()
                .anyMatch(e -> e.getEnvelope().getPlanId().equals(planId)));
    }

    private final List<DeadLetter> letters = new ArrayList<>();
    private final List<String> undecodable = new ArrayList<>();
    private KafkaConsumer<String, byte[]> deadLetterConsumer;
    private AvroKafkaDeserializer<DeadLetter> deadLetterDeserializer;

    /** Reads raw records so that one bad dead letter is reported with its headers instead of stopping the poll. */
    private DeadLetter findDeadLetter(byte[] payload) {
        if (deadLetterConsumer == null) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-dlq-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            deadLetterConsumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            deadLetterConsumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            deadLetterDeserializer = new AvroKafkaDeserializer<>();
            deadLetterDeserializer.configure(EventSerdes.config(registry()), false);
        }
        for (ConsumerRecord<String, byte[]> r : deadLetterConsumer.poll(Duration.ofMillis(500))) {
            try {
                letters.add(deadLetterDeserializer.deserialize(r.topic(), r.headers(), r.value()));
            } catch (RuntimeException e) {
                StringBuilder h = new StringBuilder();
                r.headers().forEach(x -> h.append(x.key()).append('=').append(new String(x.value(), StandardCharsets.UTF_8)).append("; "));
                undecodable.add(dev.spotshift.schemas.DeadLetters.describe(e) + " headers: " + h);
            }
        }
        assertThat(undecodable).as("dead letters that are not DeadLetter records").isEmpty();
        return letters.stream()
                .filter(l -> l.getValue() != null && l.getValue().equals(ByteBuffer.wrap(payload)))
                .findFirst().orElse(null);
    }

    private static Map<String, Object> producerProps() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    private static String registry() {
        return LocalInfra.shared().registryUrl();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(registry() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
