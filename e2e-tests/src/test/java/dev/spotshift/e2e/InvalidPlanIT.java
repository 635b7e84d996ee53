package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.Submissions;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvalidPlanIT {

    @Test
    void rejectsAPlanThatBreaksTheRulesWithItsLocatedErrors() {
        // Given a plan whose steps do not end at 100 %, sent straight to the topic (the CLI would refuse it)
        E2eStack.requireAllServices();
        MigrationPlan valid = E2eStack.demoPlan().plans().get(0);
        MigrationPlan broken = MigrationPlan.newBuilder(valid).build();
        broken.getRollout().setStepsPercent(List.of(25, 50, 75));
        String planId = "e2e-invalid." + UUID.randomUUID();
        MigrationPlanSubmitted event = MigrationPlanSubmitted.newBuilder()
                .setEnvelope(Envelopes.next(planId, Submissions.PRODUCER, null, Clock.systemUTC()))
                .setIdempotencyKey(null).setSubmittedBy("e2e").setChannel(SubmissionChannel.OTHER_CHANNEL)
                .setPlanSource("e2e").setPlan(broken).build();
        // When it arrives
        try (EventPublisher p = new EventPublisher(E2eStack.connection())) {
            p.send(Topics.MIGRATION_PLANS, planId, event);
        }
        // Then the migration ends REJECTED, naming the field
        MigrationStatus s = E2eStack.awaitFinal(planId);
        assertThat(s.getStage()).isEqualTo(MigrationStage.REJECTED);
        assertThat(s.getReasons()).anySatisfy(r -> assertThat(r.getLocation()).contains("rollout.stepsPercent"));
        assertThat(E2eStack.events(Topics.ROLLOUT_EVENTS, planId)).isEmpty();
    }
}
