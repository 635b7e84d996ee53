package dev.spotshift.console;

import static dev.spotshift.console.PlanEvents.errorRate;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The console on the real broker and registry: what the services write is what the pages and gauges show. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class ConsoleOnRealBrokerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    @TestHTTPResource("/")
    URI root;

    @Test
    void aPlanWrittenToTheTopicsIsShownOnItsPageWithTheRollbackEvidenceAndItsGauges() throws Exception {
        // Given a plan submitted, shifted to 50 % and rolled back for its error rate
        PlanEvents plan = new PlanEvents("console-test.w." + UUID.randomUUID().toString().replace("-", ""));
        Instant t = Instant.now().minusSeconds(60);
        publish(Topics.MIGRATION_PLANS, plan.planId(), plan.submitted(t));
        publish(Topics.MIGRATION_STATUS, plan.planId(), plan.status(MigrationStage.SHIFTING, 50, 1, t.plusSeconds(20)));
        publish(Topics.GATE_VERDICTS, plan.planId(), plan.verdict(0, GateResult.PASS, t.plusSeconds(15), errorRate(0, 0)));
        publish(Topics.WORKLOAD_METRICS, plan.planId(), plan.sample(t.plusSeconds(21), 50, 90, 10));
        publish(Topics.ROLLBACK_COMMANDS, plan.planId(), plan.rollbackCommand("c1", t.plusSeconds(22), errorRate(10, 0.01)));
        publish(Topics.ROLLOUT_EVENTS, plan.planId(), plan.rolledBack("c1", 50, t.plusSeconds(23)));
        publish(Topics.MIGRATION_STATUS, plan.planId(), plan.status(MigrationStage.ROLLED_BACK, 0, 1, t.plusSeconds(25)));

        // Then its page shows the end, the gate and the rollback with its evidence
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/plans/" + plan.planId()).then().statusCode(200)
                .body(containsString("data-stage=\"ROLLED_BACK\""), containsString("gate PASS"),
                        containsString("<tr class=\"rollback\">"), containsString("error_rate_percent")));
        // And the list links to it
        given().get("/").then().statusCode(200).body(containsString("href=\"/plans/" + plan.planId() + "\""));
        // And its gauges are on /q/metrics (they follow the same view a moment later: the plan's latest status may
        // still be on its way to them when the page already shows it)
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("spotshift_plan_spot_percent{plan_id=\"" + plan.planId() + "\"} 0.0"))
                .body(containsString("spotshift_plan_stage{plan_id=\"" + plan.planId() + "\",stage=\"ROLLED_BACK\"} 1.0"))
                .body(containsString("spotshift_plan_rollbacks{plan_id=\"" + plan.planId() + "\"} 1.0")));
        // And the JSON view has the same
        given().get("/api/plans/" + plan.planId()).then().statusCode(200)
                .body(containsString("\"trigger\":\"ERROR_RATE\""));
    }

    @Test
    void thePlanPagesStreamPushesANewStatusAsItArrives() throws Exception {
        PlanEvents plan = new PlanEvents("console-live.w." + UUID.randomUUID().toString().replace("-", ""));
        publish(Topics.MIGRATION_STATUS, plan.planId(), plan.status(MigrationStage.SHIFTING, 25, 0, Instant.now()));
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/plans/" + plan.planId()).then().statusCode(200));

        // Given a browser listening on the plan's stream
        List<String> received = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(
                HttpRequest.newBuilder(root.resolve("/plans/" + plan.planId() + "/live"))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = stream.thenAccept(r -> r.body().forEach(received::add));
        try {
            await().atMost(PATIENCE).until(() -> received.stream().anyMatch(l -> l.contains("data-spot=\"25\"")));
            // When the plan moves on
            publish(Topics.MIGRATION_STATUS, plan.planId(),
                    plan.status(MigrationStage.SHIFTING, 50, 1, Instant.now().plusSeconds(1)));
            // Then the stream sends the page's live part again, at 50 %
            await().atMost(PATIENCE).until(() -> received.stream()
                    .anyMatch(l -> l.startsWith("data:") && l.contains("data-spot=\"50\"")));
        } finally {
            reading.cancel(true);
            stream.thenAccept(r -> r.body().close());
        }
    }

    @Test
    void anUnknownPlanIsA404PageNotAStackTrace() {
        given().get("/plans/no-such-plan").then().statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("No such migration"), containsString("no-such-plan"), not(containsString("Exception")));
        given().get("/plans/no-such-plan/audit").then().statusCode(404).body(containsString("No such migration"));
        given().get("/plans/no-such-plan/live").then().statusCode(404);
        given().get("/api/plans/no-such-plan").then().statusCode(404)
                .contentType(containsString("application/problem+json")).body(containsString("\"status\":404"));
    }

    @Test
    void anUnreadableRecordIsSkippedCountedAndSaidNotHidden() throws Exception {
        // Given garbage on migration-status, as a broken producer would write it
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.MIGRATION_STATUS.name(), "garbage-plan", new byte[] {1, 2, 3})).get();
        }
        // Then the console counts it, says so on the list, and goes on
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("spotshift_console_records_unreadable_total{topic=\"migration-status\"}")));
        given().get("/").then().body(containsString("unreadable records skipped"));
        given().get("/q/health/live").then().statusCode(200);
        assertThat(given().get("/plans/garbage-plan").statusCode()).isEqualTo(404);
    }

    private <V extends SpecificRecord> void publish(Topic<V> topic, String key, V value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(p, new StringSerializer(),
                topic.valueSerde(registryUrl).serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }
}
