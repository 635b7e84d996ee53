package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.Submissions;
import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.events.VoteVerdict;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AgentRejectionIT {

    @Test
    void anAgentsRejectionDeclinesThePlanAndNoCapacityMoves() {
        // Given a plan the analyzer accepts but whose on-demand fallback is not reserved
        E2eStack.requireAllServices();
        E2eStack.groupFree();
        MigrationPlan plan = MigrationPlan.newBuilder(E2eStack.demoPlan().plans().get(0)).build();
        plan.getFallback().setOnDemandCapacityReserved(false);
        plan.getFallback().setCapacityReservationId(null);
        String planId = "e2e-unreserved." + UUID.randomUUID();
        java.time.Instant submitted = java.time.Instant.now();
        MigrationPlanSubmitted event = MigrationPlanSubmitted.newBuilder()
                .setEnvelope(Envelopes.next(planId, Submissions.PRODUCER, null, Clock.systemUTC()))
                .setIdempotencyKey(null).setSubmittedBy("e2e").setChannel(SubmissionChannel.OTHER_CHANNEL)
                .setPlanSource("e2e").setPlan(plan).build();

        // When it is submitted
        try (EventPublisher p = new EventPublisher(E2eStack.connection())) {
            p.send(Topics.MIGRATION_PLANS, planId, event);
        }

        // Then the resource agent rejects it with its reason, and the decision declines it
        MigrationStatus s = E2eStack.awaitFinal(planId);
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.DECLINED);
        List<AgentVote> votes = E2eStack.events(Topics.AGENT_VOTES, planId);
        assertThat(votes).filteredOn(v -> v.getAgent() == AgentKind.RESOURCE).singleElement().satisfies(v -> {
            assertThat(v.getVerdict()).isEqualTo(VoteVerdict.REJECT);
            assertThat(v.getReasons()).extracting(Reason::getCode).contains("FALLBACK_NOT_RESERVED");
        });
        assertThat(E2eStack.events(Topics.MIGRATION_DECISIONS, planId)).singleElement()
                .extracting(MigrationDecision::getOutcome).isEqualTo(DecisionOutcome.DECLINED);
        // And the executor never touched capacity for it: no rollout event at all
        assertThat(E2eStack.events(Topics.ROLLOUT_EVENTS, planId)).isEmpty();
        assertThat(s.getSpotPercent()).isZero();
        // And the simulated account saw no capacity call at all
        assertThat(E2eStack.cloudCallsSince(submitted)).isEmpty();
        // And the record replays clean
        E2eStack.assertAuditClean(planId);
    }
}
