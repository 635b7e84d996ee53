package dev.spotshift.console;

import static dev.spotshift.console.PlanEvents.errorRate;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.infra.RestIssuer;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.DoorRefusals;
import dev.spotshift.schemas.access.RestAccess;
import dev.spotshift.testsupport.BrokerClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
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

    @Inject
    MeterRegistry meters;

    private BrokerClient broker;

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
    void anOperatorActionNeedsTheOperateRoleAndLandsOnOperatorCommandsUnderTheTokensSubject() throws Exception {
        // Given a live plan the console shows
        PlanEvents plan = new PlanEvents("console-act.w." + UUID.randomUUID().toString().replace("-", ""));
        publish(Topics.MIGRATION_STATUS, plan.planId(), plan.status(MigrationStage.SHIFTING, 25, 0, Instant.now()));
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/plans/" + plan.planId()).then().statusCode(200)
                .body(containsString("id=\"actions\""), containsString("data-action=\"abort\"")));
        String pause = "/api/plans/" + plan.planId() + "/actions/pause";
        double refusedReader = meters.counter(DoorRefusals.METER, "door", "console", "reason", DoorRefusals.FORBIDDEN,
                "principal", "reader").count();
        // When it is asked to pause without a token, then with a reader's: 401 with the bearer challenge, then 403
        given().contentType("application/json").body("{}").post(pause).then().statusCode(401)
                .contentType(containsString("application/problem+json")).header("WWW-Authenticate", "Bearer")
                .body("type", is("urn:spotshift:problem:unauthenticated"));
        given().header("Authorization", "Bearer " + token("reader", RestAccess.READ)).contentType("application/json")
                .body("{}").post(pause).then().statusCode(403).contentType(containsString("application/problem+json"))
                .body("type", is("urn:spotshift:problem:forbidden"));
        // And the door counted the reader's refusal under its principal, and has logged that caller already
        assertThat(meters.counter(DoorRefusals.METER, "door", "console", "reason", DoorRefusals.FORBIDDEN,
                "principal", "reader").count()).isEqualTo(refusedReader + 1);
        assertThat(DoorRefusals.of("console").first(DoorRefusals.FORBIDDEN, "principal:reader")).isFalse();
        // And with an operator's token: an unknown plan, an unknown action and an approve without its gate are
        // located problems
        String operate = "Bearer " + token("ops-anna", RestAccess.OPERATE);
        given().header("Authorization", operate).contentType("application/json").body("{}")
                .post("/api/plans/no-such-plan/actions/pause").then().statusCode(404)
                .contentType(containsString("application/problem+json")).body("detail", containsString("no-such-plan"));
        given().header("Authorization", operate).contentType("application/json").body("{}")
                .post("/api/plans/" + plan.planId() + "/actions/explode").then().statusCode(404)
                .body("type", is("urn:spotshift:problem:unknown-action"));
        given().header("Authorization", operate).contentType("application/json").body("{}")
                .post("/api/plans/" + plan.planId() + "/actions/approve").then().statusCode(400)
                .body("detail", containsString("gate:"));
        // Then the pause itself is accepted and on operator-commands, its operator the token's subject
        String eventId = given().header("Authorization", operate).contentType("application/json")
                .body("{\"reason\":\"hold for the release\",\"operator\":\"someone-else\"}").post(pause)
                .then().statusCode(202).body("action", is("PAUSE")).body("operator", is("ops-anna"))
                .extract().path("eventId");
        OperatorCommand sent = await().atMost(PATIENCE).until(() -> commands(plan.planId()), l -> !l.isEmpty()).get(0);
        assertThat(sent.getEnvelope().getEventId()).isEqualTo(eventId);
        assertThat(sent.getAction()).isEqualTo(OperatorAction.PAUSE);
        assertThat(sent.getOperator()).isEqualTo("ops-anna");
        assertThat(sent.getReason()).isEqualTo("hold for the release");
        assertThat(sent.getGateStepIndex()).isNull();
        // And an approve names its gate
        given().header("Authorization", operate).contentType("application/json").body("{\"gate\":2}")
                .post("/api/plans/" + plan.planId() + "/actions/approve").then().statusCode(202).body("gate", is(2));
        await().atMost(PATIENCE).until(() -> commands(plan.planId()).stream()
                .anyMatch(c -> c.getAction() == OperatorAction.APPROVE_GATE && Integer.valueOf(2).equals(c.getGateStepIndex())));
        // And a failover to the backup region needs its reason, as on the CLI, and then lands with it
        String failover = "/api/plans/" + plan.planId() + "/actions/failover";
        given().header("Authorization", operate).contentType("application/json").body("{}").post(failover).then()
                .statusCode(400).contentType(containsString("application/problem+json"))
                .body("detail", containsString("reason:"));
        given().header("Authorization", operate).contentType("application/json")
                .body("{\"reason\":\"us-east-1 spot capacity exhausted\"}").post(failover).then().statusCode(202)
                .body("action", is("FAILOVER"));
        await().atMost(PATIENCE).until(() -> commands(plan.planId()).stream()
                .anyMatch(c -> c.getAction() == OperatorAction.FAILOVER && c.getOperator().equals("ops-anna")
                        && c.getReason().equals("us-east-1 spot capacity exhausted")));
        assertThat(commands(plan.planId()).stream().filter(c -> c.getAction() == OperatorAction.FAILOVER)).hasSize(1);
    }

    @Test
    void theKillSwitchNeedsTheOperateRoleAndTheListSaysWhoFlippedIt() throws Exception {
        String path = "/api/kill-switch";
        // Given no token, then a reader's: 401 with the bearer challenge, then 403, and nothing written
        given().contentType("application/json").body("{\"engaged\":true}").post(path).then().statusCode(401)
                .contentType(containsString("application/problem+json")).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer " + token("reader", RestAccess.READ)).contentType("application/json")
                .body("{\"engaged\":true}").post(path).then().statusCode(403)
                .body("type", is("urn:spotshift:problem:forbidden"));
        String operate = "Bearer " + token("ops-ben", RestAccess.OPERATE);
        // And a request that says neither on nor off is a located problem
        given().header("Authorization", operate).contentType("application/json").body("{\"reason\":\"?\"}").post(path)
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("detail", containsString("engaged:"));
        assertThat(flips()).noneMatch(f -> "reader".equals(f.getOperator()) || "?".equals(f.getReason()));

        // When an operator engages it, claiming to be someone else
        String eventId = given().header("Authorization", operate).contentType("application/json")
                .body("{\"engaged\":true,\"reason\":\"spot market in turmoil\",\"operator\":\"someone-else\"}")
                .post(path).then().statusCode(202).body("engaged", is(true)).body("operator", is("ops-ben"))
                .extract().path("eventId");

        // Then the flip is on kill-switch under its one key, its operator the token's subject
        KillSwitch flip = await().atMost(PATIENCE).until(this::flips,
                l -> l.stream().anyMatch(f -> f.getEnvelope().getEventId().equals(eventId)))
                .stream().filter(f -> f.getEnvelope().getEventId().equals(eventId)).findFirst().orElseThrow();
        assertThat(flip.getEngaged()).isTrue();
        assertThat(flip.getOperator()).isEqualTo("ops-ben");
        assertThat(flip.getReason()).isEqualTo("spot market in turmoil");
        // And the list page says the switch is engaged, by whom and why
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/").then().statusCode(200)
                .body(containsString("id=\"kill-switch\" data-engaged=\"true\""),
                        containsString("<span id=\"kill-switch-operator\">ops-ben</span>"),
                        containsString("spot market in turmoil"), containsString("id=\"kill-switch-action\"")));

        // When another operator releases it, the list follows
        given().header("Authorization", "Bearer " + token("ops-cleo", RestAccess.OPERATE)).contentType("application/json")
                .body("{\"engaged\":false}").post(path).then().statusCode(202).body("engaged", is(false));
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/").then()
                .body(containsString("id=\"kill-switch\" data-engaged=\"false\""),
                        containsString("<span id=\"kill-switch-operator\">ops-cleo</span>")));
        given().get("/q/metrics").then().body(containsString("spotshift_console_actions_total{action=\"KILL_SWITCH_ON\"}"));
    }

    /** Every flip of the kill switch on the log, in order. */
    private List<KillSwitch> flips() {
        return broker().readAll(Topics.KILL_SWITCH, Topics.KILL_SWITCH_KEY);
    }

    private static String token(String subject, String role) {
        return Jwt.issuer(RestIssuer.ISSUER).subject(subject).upn(subject).groups(role)
                .expiresIn(Duration.ofMinutes(5)).sign(RestIssuer.shared().privateKey().toUri().toString());
    }

    /** The operator commands on the log for a plan, read from the beginning. */
    private List<OperatorCommand> commands(String planId) {
        return broker().readAll(Topics.OPERATOR_COMMANDS, planId);
    }

    @Test
    void anUnreadableRecordIsSkippedCountedAndSaidNotHidden() throws Exception {
        // Given garbage on migration-status, as a broken producer would write it
        broker().publishRaw(Topics.MIGRATION_STATUS, "garbage-plan", new byte[] {1, 2, 3});
        // Then the console counts it, says so on the list, and goes on
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("spotshift_console_records_unreadable_total{topic=\"migration-status\"}")));
        given().get("/").then().body(containsString("unreadable records skipped"));
        given().get("/q/health/live").then().statusCode(200);
        assertThat(given().get("/plans/garbage-plan").statusCode()).isEqualTo(404);
    }

    private <V extends SpecificRecord> void publish(Topic<V> topic, String key, V value) {
        broker().publish(topic, key, value);
    }

    /** One client per test instance, on the broker and registry the test resource started. */
    private BrokerClient broker() {
        if (broker == null) {
            broker = new BrokerClient(bootstrap, registryUrl);
        }
        return broker;
    }

    @AfterEach
    void closeClient() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
