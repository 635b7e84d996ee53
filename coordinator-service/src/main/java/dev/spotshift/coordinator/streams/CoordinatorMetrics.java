package dev.spotshift.coordinator.streams;

import dev.spotshift.events.AgentVote;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.schemas.EventMeters;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/** What operators watch: assessments and votes read, votes and decisions written, decisions by outcome. */
public final class CoordinatorMetrics {

    private final MeterRegistry registry;

    public CoordinatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void assessmentRead(String payloadType) {
        registry.counter(EventMeters.IN, EventMeters.TOPIC, Topics.SPOT_ASSESSMENTS.name(), EventMeters.TYPE, payloadType)
                .increment();
    }

    void voteWritten(AgentVote vote) {
        registry.counter(EventMeters.OUT, EventMeters.TOPIC, Topics.AGENT_VOTES.name(), EventMeters.TYPE, "AgentVote")
                .increment();
        registry.counter("spotshift.coordinator.votes", "agent", String.valueOf(vote.getAgent()),
                "verdict", String.valueOf(vote.getVerdict())).increment();
    }

    void voteRead() {
        registry.counter(EventMeters.IN, EventMeters.TOPIC, Topics.AGENT_VOTES.name(), EventMeters.TYPE, "AgentVote")
                .increment();
    }

    void decisionWritten(MigrationDecision decision) {
        registry.counter(EventMeters.OUT, EventMeters.TOPIC, Topics.MIGRATION_DECISIONS.name(),
                EventMeters.TYPE, "MigrationDecision").increment();
        registry.counter("spotshift.coordinator.decisions", "outcome", String.valueOf(decision.getOutcome()),
                "decided_by", String.valueOf(decision.getDecidedBy())).increment();
    }
}
