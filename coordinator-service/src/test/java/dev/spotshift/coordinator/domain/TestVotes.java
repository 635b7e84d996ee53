package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.VoteVerdict;
import dev.spotshift.schemas.Envelopes;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Votes as an agent would cast them, for aggregator tests that need a precise verdict and confidence. */
final class TestVotes {

    private TestVotes() {}

    static AgentVote vote(Ballot ballot, AgentKind agent, VoteVerdict verdict, double confidence, Clock clock) {
        return vote(ballot.planId(), ballot.assessmentEventId(), ballot.plan(), agent, verdict, confidence, clock);
    }

    static AgentVote vote(String planId, String assessmentEventId, MigrationPlan plan, AgentKind agent,
                          VoteVerdict verdict, double confidence, Clock clock) {
        return AgentVote.newBuilder()
                .setEnvelope(Envelopes.next(planId, "test-agent", assessmentEventId, clock))
                .setAgent(agent).setVerdict(verdict).setConfidence(confidence)
                .setReasons(List.of(Opinion.reason(verdict == VoteVerdict.REJECT ? "TEST_REJECT" : "TEST_APPROVE",
                        agent + " says " + verdict, null)))
                .setEvidence(Map.of())
                .setPlan(plan)
                .setRecommendedInstanceTypes(List.of())
                .build();
    }
}
