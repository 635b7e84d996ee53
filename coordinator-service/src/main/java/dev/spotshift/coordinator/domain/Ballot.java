package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.MigrationPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The vote on one plan: opened by the assessment, filled by the agents' votes, closed exactly once
 * by a decision. Kept after closing so late and repeated votes can be recognised.
 *
 * @param decisionEventId null while the vote is open
 * @param decidedAt       null while the vote is open
 */
public record Ballot(String planId, String assessmentEventId, String traceparent, MigrationPlan plan,
                     Instant openedAt, Instant deadlineAt, List<AgentVote> votes,
                     String decisionEventId, Instant decidedAt) {

    public Ballot {
        votes = List.copyOf(votes);
    }

    public boolean isOpen() {
        return decisionEventId == null;
    }

    public boolean isDue(Instant now) {
        return isOpen() && !now.isBefore(deadlineAt);
    }

    /** A closed ballot older than the retention is only kept to reject stragglers; it may go. */
    public boolean isForgettable(Instant now, Duration retention) {
        return !isOpen() && !now.isBefore(decidedAt.plus(retention));
    }

    public boolean hasVote(String eventId) {
        return votes.stream().anyMatch(v -> v.getEnvelope().getEventId().equals(eventId));
    }

    public Optional<AgentVote> voteOf(AgentKind agent) {
        return votes.stream().filter(v -> v.getAgent() == agent).findFirst();
    }

    Ballot with(AgentVote vote) {
        List<AgentVote> more = new ArrayList<>(votes);
        more.add(vote);
        return new Ballot(planId, assessmentEventId, traceparent, plan, openedAt, deadlineAt, more, null, null);
    }

    Ballot closed(String decisionEventId, Instant at) {
        return new Ballot(planId, assessmentEventId, traceparent, plan, openedAt, deadlineAt, votes, decisionEventId, at);
    }

    /** What the decision answers: the vote that completed it, or the assessment when none arrived. */
    String lastCause() {
        return votes.isEmpty() ? assessmentEventId : votes.get(votes.size() - 1).getEnvelope().getEventId();
    }
}
