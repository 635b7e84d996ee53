package dev.spotshift.analyzer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.analyzer.domain.Plans;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.RestAccess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What operators see of a submission: its trace on every event, its counters on /q/metrics, a ready service. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class ObservabilityTest {

    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aSubmissionCarriesTheCallersTraceIntoTheAssessmentAndIsCounted() {
        // Given a caller that traces its request
        String traceparent = "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01";

        // When it submits a plan
        String planId = Tokens.as("observer", RestAccess.SUBMIT).contentType("application/yaml").header("Idempotency-Key", "obs-" + UUID.randomUUID())
                .header("traceparent", traceparent).body(Plans.onOwnGroup(Plans.text("demo-fast.yaml")).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/migrations").then().statusCode(202).extract().path("migrations[0].planId");

        // Then the submission and its assessment are in the caller's trace
        AssessmentEvent answer = AnalyzerFlowTest.assessmentOf(planId);
        List<MigrationPlanSubmitted> submitted = AnalyzerFlowTest.broker().readAll(Topics.MIGRATION_PLANS, planId);
        assertThat(submitted).singleElement()
                .satisfies(s -> assertThat(Envelopes.traceId(s.getEnvelope().getTraceparent())).isEqualTo(CALLER_TRACE));
        assertThat(Envelopes.traceId(answer.getEnvelope().getTraceparent())).isEqualTo(CALLER_TRACE);

        // And the events in and out are counted per topic
        await().atMost(AnalyzerFlowTest.PATIENCE).untilAsserted(() -> assertThat(scrape())
                .contains("spotshift_events_in_total{topic=\"" + Topics.MIGRATION_PLANS.name() + "\",type=\"MigrationPlanSubmitted\"}")
                .contains("spotshift_events_out_total{topic=\"" + Topics.MIGRATION_PLANS.name() + "\",type=\"MigrationPlanSubmitted\"}")
                .contains("spotshift_events_out_total{topic=\"" + Topics.SPOT_ASSESSMENTS.name() + "\",type=\"OpportunityAssessed\"}"));
    }

    @Test
    void isReadyWhenKafkaAndTheRegistryAnswer() {
        await().atMost(AnalyzerFlowTest.PATIENCE).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));

        String checks = given().when().get("/q/health/ready").then().extract().asString();

        assertThat(checks).contains("Schema registry").contains("/apis/registry/v2/system/info");
    }

    static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
