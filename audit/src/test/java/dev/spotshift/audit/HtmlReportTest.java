package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private final PlanAudit rolledBack = PlanAudit.of(PlanStory.approved().stepped().rolledBackOnErrorRate()
            .withLiveStatus());

    @Test
    void drawsTheSpotShareAndMarksTheRollback() {
        // When the report of a plan rolled back on its error rate is rendered
        String html = HtmlReport.render(rolledBack);

        // Then the spot share series and the rollback marker with its trigger are in it
        assertThat(html).contains("data-series=\"spotPercent\"").contains("class=\"rollback-marker\"")
                .contains("rollback: ERROR_RATE");
    }

    @Test
    void drawsEachMetricAgainstItsThreshold() {
        // When rendered
        String html = HtmlReport.render(rolledBack);

        // Then the error rate is drawn with its threshold, and the breaching point is marked
        assertThat(html).contains("data-series=\"errorRatePercent\"")
                .contains("data-series=\"errorRatePercent.threshold\"").contains("class=\"breach\"");
    }

    @Test
    void showsEveryAgentsVote() {
        // When rendered
        String html = HtmlReport.render(rolledBack);

        // Then each agent has its bar
        assertThat(html).contains("data-agent=\"PERFORMANCE\"").contains("data-agent=\"RESOURCE\"")
                .contains("data-agent=\"APPLICATION\"").contains("vote-approve");
    }

    @Test
    void drawsTheStagesTheEventsWentThrough() {
        // When rendered
        String html = HtmlReport.render(rolledBack);

        // Then the stage timeline has a band for each stage
        assertThat(html).contains("stage-submitted").contains("stage-approved").contains("stage-shifting")
                .contains("stage-rolled_back");
    }

    @Test
    void isSelfContained() {
        // When rendered
        String html = HtmlReport.render(rolledBack);

        // Then it fetches nothing: no external script, style or image
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script src").doesNotContain("<link")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void putsTheFindingsFirstWhenVerificationFails() {
        // Given a history with a rollback that has no evidence
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.rollout(EventType.ROLLED_BACK, "rolled-back", "step-0-done",
                dev.spotshift.events.MigrationStage.ROLLED_BACK, 0).label("trigger", "UNKNOWN_TRIGGER"));

        // When rendered
        String html = HtmlReport.render(PlanAudit.of(story.withLiveStatus()));

        // Then the failure and the finding are shown above the charts
        assertThat(html).contains("Verification failed.").contains("ROLLBACK_WITHOUT_EVIDENCE");
        assertThat(html.indexOf("ROLLBACK_WITHOUT_EVIDENCE")).isLessThan(html.indexOf("<h2>Stages"));
    }
}
