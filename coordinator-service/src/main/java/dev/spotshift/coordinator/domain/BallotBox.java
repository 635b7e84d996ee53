package dev.spotshift.coordinator.domain;

import static dev.spotshift.coordinator.domain.Opinion.reason;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.events.VoteSummary;
import dev.spotshift.schemas.Envelopes;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The aggregator: opens a ballot per assessed plan, counts each agent's first vote, and closes the
 * ballot exactly once with a {@link MigrationDecision}, either when the policy can decide or when
 * the deadline passes. The caller keeps the ballots; this class only says what happens next.
 */
public final class BallotBox {

    public static final Set<AgentKind> AGENTS = EnumSet.of(AgentKind.PERFORMANCE, AgentKind.RESOURCE, AgentKind.APPLICATION);

    private final Clock clock;

    public BallotBox(Clock clock) {
        this.clock = clock;
    }

    /** What a vote did: counted (maybe deciding), a harmless repeat, or ignored with a reason for the record. */
    public sealed interface Cast permits Counted, Repeat, Ignored {}

    public record Counted(Ballot ballot, Optional<MigrationDecision> decision) implements Cast {}

    public record Repeat() implements Cast {}

    public record Ignored(Reason reason) implements Cast {}

    /** The deadline runs from when the coordinator saw the assessment, so a backlog does not time plans out unheard. */
    public Ballot open(EventEnvelope assessment, MigrationPlan plan) {
        Instant now = clock.instant();
        return new Ballot(assessment.getPlanId(), assessment.getEventId(), assessment.getTraceparent(), plan, now,
                now.plusMillis(Math.max(0, plan.getApproval().getDeadlineMillis())), List.of(), null, null);
    }

    /**
     * Counts {@code vote} into {@code ballot} (null when no ballot is known for the plan). A ballot whose
     * deadline has passed is not reopened by a late vote: call {@link #expire} first.
     */
    public Cast cast(Ballot ballot, AgentVote vote) {
        String eventId = vote.getEnvelope().getEventId();
        if (ballot == null) {
            return ignored("UNKNOWN_PLAN", "Vote " + eventId + " is for plan " + vote.getEnvelope().getPlanId()
                    + ", which has no open ballot.");
        }
        if (ballot.hasVote(eventId)) {
            return new Repeat();
        }
        if (!ballot.isOpen()) {
            return ignored("VOTE_AFTER_DECISION", "Vote " + eventId + " arrived after decision " + ballot.decisionEventId() + ".");
        }
        if (!AGENTS.contains(vote.getAgent())) {
            return ignored("UNKNOWN_AGENT", "Vote " + eventId + " comes from an unknown agent " + vote.getAgent() + ".");
        }
        if (!(vote.getConfidence() >= 0.0 && vote.getConfidence() <= 1.0)) {
            return ignored("CONFIDENCE_OUT_OF_RANGE", "Vote " + eventId + " has confidence " + vote.getConfidence()
                    + ", outside [0, 1].");
        }
        if (!ballot.assessmentEventId().equals(vote.getEnvelope().getCausationId())) {
            return ignored("WRONG_ASSESSMENT", "Vote " + eventId + " answers " + vote.getEnvelope().getCausationId()
                    + ", not the assessment " + ballot.assessmentEventId() + " this ballot was opened for.");
        }
        Optional<AgentVote> earlier = ballot.voteOf(vote.getAgent());
        if (earlier.isPresent()) {
            return ignored("AGENT_ALREADY_VOTED", "The " + ApprovalRules.name(vote.getAgent()) + " agent already voted ("
                    + earlier.get().getEnvelope().getEventId() + "); vote " + eventId + " does not count.");
        }
        Ballot counted = ballot.with(vote);
        Optional<Verdict> verdict = ApprovalRules.evaluate(counted.plan().getApproval(),
                counted.plan().getSpot().getInstanceTypes(), counted.votes(), AGENTS, false);
        if (verdict.isEmpty()) {
            return new Counted(counted, Optional.empty());
        }
        return close(counted, verdict.get());
    }

    /** Closes a ballot whose deadline has passed; empty when it is closed already or not yet due. */
    public Optional<Counted> expire(Ballot ballot) {
        if (ballot == null || !ballot.isDue(clock.instant())) {
            return Optional.empty();
        }
        Verdict verdict = ApprovalRules.evaluate(ballot.plan().getApproval(), ballot.plan().getSpot().getInstanceTypes(),
                ballot.votes(), AGENTS, true).orElseThrow();
        return Optional.of(close(ballot, verdict));
    }

    private Counted close(Ballot ballot, Verdict v) {
        EventEnvelope envelope = Envelopes.next(ballot.planId(), Votes.PRODUCER, ballot.lastCause(), clock);
        envelope.setTraceparent(ballot.traceparent());
        MigrationDecision decision = MigrationDecision.newBuilder()
                .setEnvelope(envelope)
                .setOutcome(v.outcome())
                .setRule(v.rule())
                .setDecidedBy(v.basis())
                .setVotes(ballot.votes().stream().map(BallotBox::summary).toList())
                .setMissingAgents(v.missingAgents())
                .setReasons(v.reasons())
                .setPlan(ballot.plan())
                .setInstanceTypes(v.instanceTypes())
                .build();
        return new Counted(ballot.closed(envelope.getEventId(), clock.instant()), Optional.of(decision));
    }

    private static VoteSummary summary(AgentVote v) {
        return VoteSummary.newBuilder().setAgent(v.getAgent()).setVerdict(v.getVerdict())
                .setConfidence(v.getConfidence()).setVoteEventId(v.getEnvelope().getEventId()).build();
    }

    private static Ignored ignored(String code, String message) {
        return new Ignored(reason(code, message, null));
    }
}
