package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AgentVote;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.schemas.Envelopes;
import java.time.Clock;

/** Turns an agent's opinion into the vote event that answers the assessment. */
public final class Votes {

    public static final String PRODUCER = "coordinator-service/0.1.0";

    private Votes() {}

    public static AgentVote of(Agent agent, EventEnvelope assessment, OpportunityAssessed assessed, Clock clock) {
        Opinion o = agent.assess(assessed);
        return AgentVote.newBuilder()
                .setEnvelope(Envelopes.answering(assessment, PRODUCER, clock))
                .setAgent(agent.kind())
                .setVerdict(o.verdict())
                .setConfidence(o.confidence())
                .setReasons(o.reasons())
                .setEvidence(o.evidence())
                .setPlan(assessed.getPlan())
                .setRecommendedInstanceTypes(o.recommendedInstanceTypes())
                .build();
    }
}
