package dev.spotshift.analyzer;

import static dev.spotshift.analyzer.AnalyzerFlowTest.PATIENCE;
import static dev.spotshift.analyzer.AnalyzerFlowTest.assessmentOf;
import static dev.spotshift.analyzer.AnalyzerFlowTest.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.spotshift.analyzer.domain.Plans;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.RejectionStage;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.PlanIds;
import dev.spotshift.schemas.plan.PlanParser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One live plan per group, on a real broker: the consumer's order, the REST intake, the monitor's status, a restart. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class LivePlanFlowTest {

    static String planOn(String group) {
        return Plans.textOnGroup(Plans.text("demo-fast.yaml"), group);
    }

    static String newGroup() {
        return "it-" + UUID.randomUUID();
    }

    /** A plan straight onto migration-plans, as the CLI or another producer writes it. */
    static MigrationPlanSubmitted submission(String planId, String group) {
        var plan = PlanParser.parse(planOn(group)).plans().get(0);
        return MigrationPlanSubmitted.newBuilder()
                .setEnvelope(Envelopes.next(planId, "it/1", null, Clock.systemUTC()))
                .setSubmittedBy("it").setChannel(SubmissionChannel.CLI).setPlan(plan).build();
    }

    /** The monitor's word on a plan (this test stands in for the topic's one writer). */
    static void status(String planId, MigrationStage stage, boolean terminal) throws Exception {
        AnalyzerFlowTest.broker().publish(Topics.MIGRATION_STATUS, planId, MigrationStatus.newBuilder()
                .setPlanId(planId).setStage(stage).setTerminal(terminal).setSpotPercent(0)
                .setUpdatedAt(Instant.now()).setLastEventId(UUID.randomUUID().toString()).build());
    }

    static String acceptedPlanOn(String group) {
        String planId = post(planOn(group), "it-" + UUID.randomUUID()).then().statusCode(202).extract().path("migrations[0].planId");
        assertThat(assessmentOf(planId).getPayload()).isInstanceOf(OpportunityAssessed.class);
        return planId;
    }

    static LivePlanDirectory freshDirectory() {
        return new LivePlanDirectory(LocalInfra.shared().bootstrapServers(), LocalInfra.shared().registryUrl(),
                "analyzer-service", Duration.ofSeconds(30));
    }

    @Test
    void twoPlansForOneGroupPublishedBackToBackYieldOneOpportunityAndOneRejectionNamingIt() throws Exception {
        // Given two plans for the same group, on different keys (so likely different partitions), published at once
        String group = newGroup();
        String first = "race-a-" + UUID.randomUUID();
        String second = "race-b-" + UUID.randomUUID();

        // When
        AnalyzerFlowTest.broker().publish(Topics.MIGRATION_PLANS, first, submission(first, group));
        AnalyzerFlowTest.broker().publish(Topics.MIGRATION_PLANS, second, submission(second, group));

        // Then whichever the analyzer judged first is the opportunity, and the other is rejected naming it
        List<AssessmentEvent> answers = List.of(assessmentOf(first), assessmentOf(second));
        assertThat(answers).filteredOn(a -> a.getPayload() instanceof OpportunityAssessed).hasSize(1);
        AssessmentEvent accepted = answers.stream().filter(a -> a.getPayload() instanceof OpportunityAssessed).findFirst().orElseThrow();
        AssessmentEvent rejected = answers.stream().filter(a -> a.getPayload() instanceof PlanRejected).findFirst().orElseThrow();
        assertThat((PlanRejected) rejected.getPayload()).satisfies(r -> {
            assertThat(r.getStage()).isEqualTo(RejectionStage.DUPLICATE);
            assertThat(r.getReasons()).singleElement().satisfies(reason -> {
                assertThat(reason.getCode()).isEqualTo("GROUP_HAS_LIVE_PLAN");
                assertThat(reason.getMessage()).contains(accepted.getEnvelope().getPlanId()).contains(group);
            });
        });
    }

    @Test
    void theRestIntakeRefusesAPlanForAGroupWithALivePlanWithA409NamingItAndPublishesNothing() {
        // Given a live plan on the group
        String group = newGroup();
        String live = acceptedPlanOn(group);

        // When another plan names the group
        String key = "it-" + UUID.randomUUID();
        post(planOn(group), key)

                // Then
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:spotshift:problem:group-has-live-plan"))
                .body("status", equalTo(409))
                .body("detail", containsString(live));
        String refused = PlanIds.planId(key, "demo-fast", "nightly_etl_batch");
        assertThat(AnalyzerFlowTest.broker().readAll(Topics.MIGRATION_PLANS, refused)).isEmpty();
    }

    @Test
    void theLivePlanResubmittedWithItsOwnKeyIsNotRejectedByItself() {
        // Given a live plan submitted with a key
        String group = newGroup();
        String key = "it-" + UUID.randomUUID();
        String planId = post(planOn(group), key).then().statusCode(202).extract().path("migrations[0].planId");
        assertThat(assessmentOf(planId).getPayload()).isInstanceOf(OpportunityAssessed.class);

        // When the same request comes again
        post(planOn(group), key)

                // Then it is the same plan, not a rival
                .then().statusCode(202).body("duplicate", equalTo(true)).body("migrations[0].planId", equalTo(planId));
    }

    @Test
    void theSamePlanIdPublishedAgainIsAssessedOnceAndNotRejectedByItself() throws Exception {
        // Given a plan accepted from the topic
        String group = newGroup();
        String planId = "replay-" + UUID.randomUUID();
        AnalyzerFlowTest.broker().publish(Topics.MIGRATION_PLANS, planId, submission(planId, group));
        assertThat(assessmentOf(planId).getPayload()).isInstanceOf(OpportunityAssessed.class);
        double before = duplicatesSkipped();

        // When the same planId comes again (a replay with a new event id)
        AnalyzerFlowTest.broker().publish(Topics.MIGRATION_PLANS, planId, submission(planId, group));

        // Then it is skipped as already answered: still one answer, the opportunity
        await().atMost(PATIENCE).until(() -> duplicatesSkipped() > before);
        assertThat(AnalyzerFlowTest.broker().readAll(Topics.SPOT_ASSESSMENTS, planId)).singleElement()
                .satisfies(a -> assertThat(a.getPayload()).isInstanceOf(OpportunityAssessed.class));
    }

    @Test
    void aGroupIsFreeAgainOnlyOnceTheMonitorReportsItsPlanTerminal() throws Exception {
        // Given a live plan on the group, rolling back
        String group = newGroup();
        String live = acceptedPlanOn(group);
        status(live, MigrationStage.ROLLING_BACK, false);

        // Then the group is still taken
        post(planOn(group), "it-" + UUID.randomUUID()).then().statusCode(409).body("detail", containsString(live));

        // When the monitor reports the plan rolled back
        status(live, MigrationStage.ROLLED_BACK, true);

        // Then a new plan for the group is accepted
        String next = post(planOn(group), "it-" + UUID.randomUUID()).then().statusCode(202).extract().path("migrations[0].planId");
        assertThat(assessmentOf(next).getPayload()).isInstanceOf(OpportunityAssessed.class);
    }

    @Test
    void aRestartedAnalyzerRebuildsTheLivePlansFromItsAssessmentsAndTheStatusTopic() throws Exception {
        // Given two accepted plans, one of which the monitor reported completed
        String running = acceptedPlanOn(newGroup());
        String completed = acceptedPlanOn(newGroup());
        status(completed, MigrationStage.COMPLETED, true);

        // When a new directory (as after a restart) reads the log
        LivePlanDirectory rebuilt = freshDirectory();
        try {
            rebuilt.catchUp();

            // Then
            assertThat(rebuilt.isLive(running)).isTrue();
            assertThat(rebuilt.isLive(completed)).isFalse();
        } finally {
            rebuilt.close(null);
        }
    }

    static double duplicatesSkipped() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("spotshift_analyzer_duplicates_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
