package dev.spotshift.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalInfraTest {

    private static LocalInfra infra;

    @BeforeAll
    static void startShared() {
        infra = LocalInfra.shared();
    }

    @Test
    void sharedInfrastructureIsLaunchedAsChildProcessesWhenNoClusterIsGivenAndNoDockerAnswers() {
        if (System.getenv(LocalInfra.ENV_BOOTSTRAP_SERVERS) == null
                && !TestcontainersInfra.dockerAvailable(Duration.ofSeconds(5))) {
            assertThat(infra.kind()).isEqualTo(LocalInfra.Kind.PROCESSES);
            assertThat(infra.broker()).get().satisfies(b -> assertThat(b.isAlive()).isTrue());
            assertThat(infra.registry()).get().satisfies(r -> assertThat(r.isAlive()).isTrue());
        }
        assertThat(infra.bootstrapServers()).isNotBlank();
        assertThat(infra.registryUrl()).endsWith("/apis/registry/v2");
        assertThat(LocalInfra.shared()).isSameAs(infra);
    }

    @Test
    void launchedRegistryRunsFromItsOwnLinkedCopySoARebuildCannotPullItsJarsAway() {
        infra.registry().ifPresent(r -> {
            assertThat(r.workDir().resolve("quarkus-app/quarkus-run.jar")).isRegularFile();
            assertThat(r.workDir().resolve("quarkus-app/lib")).isDirectory();
        });
    }

    @Test
    void everyCatalogTopicExistsWithItsPartitionsAndCleanupPolicy() throws Exception {
        try (Admin admin = admin()) {
            List<String> names = new ArrayList<>();
            Topics.all().forEach(t -> names.add(t.name()));
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = new ArrayList<>();
            names.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);

            for (var topic : Topics.all()) {
                assertThat(described.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
                Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                topic.configs().forEach((key, value) ->
                        assertThat(actual.get(key).value()).as(topic.name() + " " + key).isEqualTo(value));
            }
        }
    }

    @Test
    void creatingTheCatalogAgainLeavesExistingTopicsAlone() {
        TopicCatalog.createAll(infra.bootstrapServers(), Duration.ofSeconds(30));
    }

    @Test
    void recordsRoundTripThroughTheBroker() {
        String topic = "local-infra-smoke-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "plan-1", "hello")).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "local-infra-test");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            }
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("plan-1");
                assertThat(r.value()).isEqualTo("hello");
            });
        }
    }

    @Test
    void registryHasTheGlobalBackwardCompatibilityRule() {
        assertThat(RegistryRules.globalCompatibility(infra.registryUrl())).isEqualTo("BACKWARD");
    }

    @Test
    void registryRejectsAnIncompatibleNewSchemaVersion() throws Exception {
        String artifact = "local-infra-test-" + UUID.randomUUID();
        String v1 = "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"dev.spotshift.test\","
                + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        // a new required field without a default cannot read old data: not BACKWARD compatible
        String v2 = "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"dev.spotshift.test\","
                + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(infra.registryUrl() + "/groups/default/artifacts"))
                .header("Content-Type", "application/json")
                .header("X-Registry-ArtifactId", artifact)
                .header("X-Registry-ArtifactType", "AVRO")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(v1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        HttpResponse<String> incompatible = http.send(HttpRequest.newBuilder(
                        URI.create(infra.registryUrl() + "/groups/default/artifacts/" + artifact + "/versions"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(v2)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(incompatible.statusCode()).as(incompatible.body()).isEqualTo(409);
    }

    @Test
    void usesTheClusterAndRegistryNamedByTheEnvironmentWithoutLaunchingAnything() {
        LocalInfra external = LocalInfra.start(Map.of(
                LocalInfra.ENV_BOOTSTRAP_SERVERS, infra.bootstrapServers(),
                LocalInfra.ENV_REGISTRY_URL, infra.registryUrl().replace("/apis/registry/v2", "")), null);
        try {
            assertThat(external.kind()).isEqualTo(LocalInfra.Kind.EXTERNAL);
            assertThat(external.bootstrapServers()).isEqualTo(infra.bootstrapServers());
            assertThat(external.registryUrl()).isEqualTo(infra.registryUrl());
            assertThat(external.broker()).isEmpty();
            assertThat(external.registry()).isEmpty();
        } finally {
            external.close();
        }
        // closing an attached instance leaves the cluster alone
        assertThat(RegistryRules.globalCompatibility(infra.registryUrl())).isEqualTo("BACKWARD");
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        return Admin.create(p);
    }
}
