package dev.spotshift.analyzer;

import static dev.spotshift.analyzer.AnalyzerFlowTest.assessmentOf;
import static dev.spotshift.analyzer.AnalyzerFlowTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Nothing is answered before it is published: a send that fails leaves the plan to be assessed again.
 * The fault is the test serializer {@link FailingFirstSendSerializer} (set for %test in application.properties).
 */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class AnswerAfterPublishTest {

    @Test
    void aPlanWhoseFirstAnswerFailsToSendIsAssessedExactlyOnceAfterwards() throws Exception {
        // Given a plan whose first answer cannot be sent
        String group = LivePlanFlowTest.newGroup();
        String planId = FailingFirstSendSerializer.PREFIX + UUID.randomUUID();

        // When it arrives
        AnalyzerFlowTest.broker().publish(Topics.MIGRATION_PLANS, planId, LivePlanFlowTest.submission(planId, group));

        // Then the failed send did not mark it answered: it is judged again and answered once
        assertThat(assessmentOf(planId).getPayload()).isInstanceOf(OpportunityAssessed.class);
        assertThat(FailingFirstSendSerializer.failures(planId)).isEqualTo(1);

        // And a later plan, judged after it, sees it live (its group was taken only once it was on the log)
        post(LivePlanFlowTest.planOn(group), "it-" + UUID.randomUUID()).then().statusCode(409).body("detail", containsString(planId));
        String later = "after-" + UUID.randomUUID();
        AnalyzerFlowTest.broker().publish(Topics.MIGRATION_PLANS, later, LivePlanFlowTest.submission(later, LivePlanFlowTest.newGroup()));
        assessmentOf(later);
        assertThat(AnalyzerFlowTest.broker().readAll(Topics.SPOT_ASSESSMENTS, planId)).hasSize(1);
        assertThat(AnalyzerFlowTest.broker().readAllRaw(Topics.DEAD_LETTERS, planId)).isEmpty();
    }
}
