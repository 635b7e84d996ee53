package dev.spotshift.analyzer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.spotshift.analyzer.domain.Plans;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RejectionStage;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.testsupport.BrokerClient;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.RestAccess;
import dev.spotshift.schemas.plan.PlanParser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The analyzer on a real broker and registry: REST and topic intake, assessment, dead letters, discovery. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class AnalyzerFlowTest {

    @Inject
    Cloud cloud;

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String SUBMITTER = "flow-tester";

    static Response post(String yaml, String key) {
        var req = Tokens.as(SUBMITTER, RestAccess.SUBMIT).contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8));
        if (key != null) {
            req = req.header("Idempotency-Key", key);
        }
        return req.when().post("/api/v1/migrations");
    }

    private static BrokerClient broker;

    /** The test-support client on the broker the test resource started (one for the JVM, as that broker is). */
    static synchronized BrokerClient broker() {
        if (broker == null) {
            broker = new BrokerClient(LocalInfra.shared().bootstrapServers(), LocalInfra.shared().registryUrl());
        }
        return broker;
    }

    static AssessmentEvent assessmentOf(String planId) {
        return await().atMost(PATIENCE).until(() -> broker().readAll(Topics.SPOT_ASSESSMENTS, planId), l -> !l.isEmpty()).get(0);
    }

    @Test
    void aValidPlanPostedOnceYieldsOneSubmissionAndOneOpportunityAnsweringIt() {
        // Given the demo plan and a fresh key
        String key = "it-" + UUID.randomUUID();

        // When
        Response r = post(Plans.onOwnGroup(Plans.text("demo-fast.yaml")), key);

        // Then 202 with one planId, rate-limit headers, and the event chain on the log
        r.then().statusCode(202).header("RateLimit-Policy", notNullValue()).header("RateLimit", notNullValue())
                .body("duplicate", equalTo(false)).body("migrations[0].workload", equalTo("nightly_etl_batch"));
        String planId = r.path("migrations[0].planId");
        AssessmentEvent answer = assessmentOf(planId);
        List<MigrationPlanSubmitted> submissions = broker().readAll(Topics.MIGRATION_PLANS, planId);
        assertThat(submissions).singleElement().satisfies(s -> {
            assertThat(s.getChannel()).isEqualTo(SubmissionChannel.REST);
            assertThat(s.getIdempotencyKey()).isEqualTo(key);
        });
        assertThat(answer.getEnvelope().getCausationId()).isEqualTo(submissions.get(0).getEnvelope().getEventId());
        assertThat(answer.getPayload()).isInstanceOf(OpportunityAssessed.class);
        OpportunityAssessed o = (OpportunityAssessed) answer.getPayload();
        assertThat(o.getRecommendedInstanceTypes()).isNotEmpty();
        assertThat(o.getMarketSource()).isEqualTo("simulated:42");
        assertThat(broker().readAll(Topics.SPOT_ASSESSMENTS, planId)).hasSize(1);
    }

    @Test
    void theSameRequestWithTheSameKeyAnswersTheSamePlanIdAndPublishesNothingNew() {
        String key = "it-" + UUID.randomUUID();
        String plan = Plans.onOwnGroup(Plans.text("demo-fast.yaml"));
        String planId = post(plan, key).then().statusCode(202).extract().path("migrations[0].planId");
        assessmentOf(planId);

        // When the same request comes again
        Response again = post(plan, key);

        // Then (the 202 comes only after the broker acknowledged any publish, so the log is complete now)
        again.then().statusCode(202).body("duplicate", equalTo(true)).body("migrations[0].planId", equalTo(planId));
        assertThat(broker().readAll(Topics.MIGRATION_PLANS, planId)).hasSize(1);
        assertThat(broker().readAll(Topics.SPOT_ASSESSMENTS, planId)).hasSize(1);
    }

    @Test
    void theSameKeyWithADifferentPlanIsAConflict() {
        String key = "it-" + UUID.randomUUID();
        String plan = Plans.onOwnGroup(Plans.text("demo-fast.yaml"));
        post(plan, key).then().statusCode(202);

        post(plan.replace("targetCapacity: 1", "targetCapacity: 2\n  maxCapacity: 2"), key)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:spotshift:problem:idempotency-key-reused"));
    }

    @Test
    void anInvalidPlanFileIsRefusedWithEveryErrorLocated() {
        post(Plans.text("bad/wrong-types.yaml"), null)
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("errors.code", hasItem("WRONG_TYPE"))
                .body("errors.location", hasItem("spot.targetCapacity (19:19)"))
                .body("errors.size()", equalTo(3));
    }

    @Test
    void aPlanInAVolatileMarketIsRejectedListingTheFailedCriteria() {
        // Given every candidate pool of us-east-2 swinging 40 % an hour
        SimulatedCloud sim = (SimulatedCloud) cloud;
        for (String type : List.of("m5.large", "m5a.large", "m5n.large")) {
            sim.setVolatility("us-east-2", type, null, 0.4);
        }
        String plan = Plans.onOwnGroup(Plans.text("demo-fast.yaml")).replace("region: us-east-1", "region: us-east-2")
                .replace("[us-east-1a, us-east-1b]", "[us-east-2a, us-east-2b]");

        // When
        String planId = post(plan, "it-" + UUID.randomUUID()).then().statusCode(202).extract().path("migrations[0].planId");

        // Then
        assertThat(assessmentOf(planId).getPayload()).isInstanceOfSatisfying(PlanRejected.class, r -> {
            assertThat(r.getStage()).isEqualTo(RejectionStage.MARKET);
            assertThat(r.getReasons()).extracting(Reason::getCode).contains("PRICE_VARIATION_TOO_HIGH");
            assertThat(r.getCandidates()).hasSize(3);
        });
    }

    @Test
    void anInvalidPlanPublishedStraightToTheTopicIsRejectedAtValidation() throws Exception {
        // Given a plan whose steps go down, written by some other producer
        var plan = PlanParser.parse(Plans.onOwnGroup(Plans.text("demo-fast.yaml"))).plans().get(0);
        plan.getRollout().setStepsPercent(List.of(50, 25, 100));
        String planId = "direct-" + UUID.randomUUID();
        var event = MigrationPlanSubmitted.newBuilder()
                .setEnvelope(Envelopes.next(planId, "it/1", null, Clock.systemUTC()))
                .setSubmittedBy("it").setChannel(SubmissionChannel.CLI).setPlan(plan).build();

        // When
        broker().publish(Topics.MIGRATION_PLANS, planId, event);

        // Then
        assertThat(assessmentOf(planId).getPayload()).isInstanceOfSatisfying(PlanRejected.class, r -> {
            assertThat(r.getStage()).isEqualTo(RejectionStage.VALIDATION);
            assertThat(r.getReasons()).extracting(Reason::getCode, Reason::getLocation)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("STEPS_NOT_INCREASING", "rollout.stepsPercent[1]"));
        });
    }

    @Test
    void garbageOnThePlanTopicLandsOnDeadLettersWithTheReason() throws Exception {
        String key = "garbage-" + UUID.randomUUID();

        broker().publishRaw(Topics.MIGRATION_PLANS, key, "not avro at all".getBytes(StandardCharsets.UTF_8));

        // The record is a DeadLetter that keeps the bytes and says where they came from and why
        // (the connector's failure headers travel along too).
        var letter = await().atMost(PATIENCE)
                .until(() -> broker().readAllRaw(Topics.DEAD_LETTERS, key), l -> !l.isEmpty()).get(0);
        assertThat(header(letter, "dead-letter-topic")).isEqualTo(Topics.MIGRATION_PLANS.name());
        try (var avro = new io.apicurio.registry.serde.avro.AvroKafkaDeserializer<dev.spotshift.events.DeadLetter>()) {
            avro.configure(dev.spotshift.schemas.EventSerdes.config(dev.spotshift.infra.LocalInfra.shared().registryUrl()), false);
            dev.spotshift.events.DeadLetter decoded = avro.deserialize(letter.topic(), letter.headers(), letter.value());
            assertThat(decoded.getSourceTopic()).isEqualTo(Topics.MIGRATION_PLANS.name());
            assertThat(decoded.getReason()).isNotBlank();
            assertThat(decoded.getValue()).isEqualTo(java.nio.ByteBuffer.wrap("not avro at all".getBytes(StandardCharsets.UTF_8)));
            assertThat(decoded.getConsumer()).contains("plans");
        }
    }

    static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void fleetDiscoveryReportsTheCandidateGroupsAndTheirSavings() {
        // Given two on-demand groups in the simulated region
        SimulatedCloud sim = (SimulatedCloud) cloud;
        String etl = "etl-" + UUID.randomUUID();
        sim.capacity().createGroup("us-east-1", etl, 0, 4, 3,
                new SpotShare(0, 100, SpotShare.PRICE_CAPACITY_OPTIMIZED, List.of("m5.large", "m5a.large")));

        // When / Then
        Tokens.as("fleet-reader", RestAccess.READ).when().get("/api/v1/fleet/us-east-1").then().statusCode(200)
                .header("X-Summary", containsString("spot opportunities"))
                .body("groups.find { it.groupName == '" + etl + "' }.candidate", equalTo(true))
                .body("groups.find { it.groupName == '" + etl + "' }.onDemandInstances", equalTo(3))
                .body("monthlySavingsMicros", org.hamcrest.Matchers.greaterThan(0));
    }
}
