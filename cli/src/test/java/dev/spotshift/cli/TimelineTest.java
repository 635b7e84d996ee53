package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void printsANewLineWhenTheStepChangesButNotWhenOnlySavingsGrow() {
        // Given a plan seen at step 1
        Timeline timeline = new Timeline();
        MigrationStatus first = StatusViewTest.status("p", MigrationStage.SHIFTING, 25, 0);
        assertThat(timeline.isNewStep(first)).isTrue();
        // When only its savings move
        MigrationStatus richer = MigrationStatus.newBuilder(first).setSavingsMicros(500).setEventsSeen(9).build();
        // Then no new timeline line; a new step is one
        assertThat(timeline.isNewStep(richer)).isFalse();
        assertThat(timeline.isNewStep(StatusViewTest.status("p", MigrationStage.SHIFTING, 50, 1))).isTrue();
    }
}
