package dev.spotshift.coordinator.domain;

import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static dev.spotshift.coordinator.domain.SeedPlans.policy;
import static dev.spotshift.coordinator.domain.TestVotes.vote;
import static dev.spotshift.events.AgentKind.APPLICATION;
import static dev.spotshift.events.AgentKind.PERFORMANCE;
import static dev.spotshift.events.AgentKind.RESOURCE;
import static dev.spotshift.events.VoteVerdict.APPROVE;
import static dev.spotshift.events.VoteVerdict.REJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.coordinator.domain.BallotBox.Cast;
import dev.spotshift.coordinator.domain.BallotBox.Counted;
import dev.spotshift.coordinator.domain.BallotBox.Ignored;
import dev.spotshift.coordinator.domain.BallotBox.Repeat;
import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.DeadlineOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.schemas.Envelopes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BallotBoxTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T02:00:00Z"));
    private final BallotBox box = new BallotBox(clock);

    @Test
    void approvesUnanimouslyOnceAllThreeAgentsApproveAndAnswersTheLastVote() {
        Ballot ballot = open(pilotPlan().build());

        ballot = counted(box.cast(ballot, vote(ballot, PERFORMANCE, APPROVE, 0.8, clock))).ballot();
        ballot = counted(box.cast(ballot, vote(ballot, RESOURCE, APPROVE, 0.9, clock))).ballot();
        AgentVote last = vote(ballot, APPLICATION, APPROVE, 0.7, clock);
        Counted done = counted(box.cast(ballot, last));

        MigrationDecision d = done.decision().orElseThrow();
        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.APPROVED);
        assertThat(d.getDecidedBy()).isEqualTo(DecisionBasis.ALL_VOTES);
        assertThat(d.getEnvelope().getCausationId()).isEqualTo(last.getEnvelope().getEventId());
        assertThat(d.getVotes()).hasSize(3);
        assertThat(d.getInstanceTypes()).containsExactly("m5.large", "m5a.large", "m5n.large");
        assertThat(d.getReasons().get(0).getMessage()).contains("UNANIMOUS policy met", "performance approve 0.80");
        assertThat(done.ballot().isOpen()).isFalse();
    }

    @Test
    void declinesAtOnceOnAnEarlyRejectUnderUnanimousWithTheRejectingAgentsReasons() {
        Ballot ballot = open(pilotPlan().build());

        Counted done = counted(box.cast(ballot, vote(ballot, APPLICATION, REJECT, 0.95, clock)));

        MigrationDecision d = done.decision().orElseThrow();
        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
        assertThat(d.getDecidedBy()).isEqualTo(DecisionBasis.EARLY_REJECT);
        assertThat(d.getInstanceTypes()).isEmpty();
        assertThat(d.getReasons()).extracting(Reason::getMessage).contains("The application agent: APPLICATION says REJECT");
    }

    @Test
    void waitsForTheThirdVoteUnderQuorumEvenWhenTwoApproved() {
        Ballot ballot = open(planWith(ApprovalRule.QUORUM, DeadlineOutcome.REJECT));

        ballot = counted(box.cast(ballot, vote(ballot, PERFORMANCE, APPROVE, 0.8, clock))).ballot();
        Counted two = counted(box.cast(ballot, vote(ballot, RESOURCE, APPROVE, 0.8, clock)));
        Counted three = counted(box.cast(two.ballot(), vote(ballot, APPLICATION, REJECT, 0.9, clock)));

        assertThat(two.decision()).isEmpty();
        MigrationDecision d = three.decision().orElseThrow();
        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.APPROVED);
        assertThat(d.getReasons()).extracting(Reason::getCode).contains("POLICY_MET", "TEST_REJECT");
    }

    @Test
    void declinesEarlyUnderQuorumWhenApprovalHasBecomeImpossible() {
        Ballot ballot = open(planWith(ApprovalRule.QUORUM, DeadlineOutcome.REJECT));

        ballot = counted(box.cast(ballot, vote(ballot, PERFORMANCE, REJECT, 0.8, clock))).ballot();
        Counted second = counted(box.cast(ballot, vote(ballot, RESOURCE, REJECT, 0.8, clock)));

        assertThat(second.decision().orElseThrow().getDecidedBy()).isEqualTo(DecisionBasis.EARLY_REJECT);
    }

    @Test
    void countsAnApprovalBelowTheMinimumConfidenceAsNoApproval() {
        Ballot ballot = open(planWith(ApprovalRule.MIN_CONFIDENCE, DeadlineOutcome.REJECT));

        Counted done = counted(box.cast(ballot, vote(ballot, RESOURCE, APPROVE, 0.59, clock)));

        MigrationDecision d = done.decision().orElseThrow();
        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
        assertThat(d.getReasons()).extracting(Reason::getCode).contains("LOW_CONFIDENCE_APPROVAL");
    }

    @Test
    void approvesUnderMinimumConfidenceWhenEveryApprovalIsAtTheMinimum() {
        Ballot ballot = open(planWith(ApprovalRule.MIN_CONFIDENCE, DeadlineOutcome.REJECT));

        for (AgentKind agent : BallotBox.AGENTS) {
            ballot = counted(box.cast(ballot, vote(ballot, agent, APPROVE, 0.6, clock))).ballot();
        }

        assertThat(ballot.isOpen()).isFalse();
        assertThat(ballot.decisionEventId()).isNotNull();
    }

    @Test
    void closesAtTheDeadlineCountingAMissingVoteAsARejection() {
        Ballot ballot = open(pilotPlan().build());
        ballot = counted(box.cast(ballot, vote(ballot, PERFORMANCE, APPROVE, 0.8, clock))).ballot();
        AgentVote second = vote(ballot, RESOURCE, APPROVE, 0.8, clock);
        ballot = counted(box.cast(ballot, second)).ballot();

        clock.advance(Duration.ofSeconds(59));
        assertThat(box.expire(ballot)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        MigrationDecision d = box.expire(ballot).orElseThrow().decision().orElseThrow();

        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
        assertThat(d.getDecidedBy()).isEqualTo(DecisionBasis.DEADLINE);
        assertThat(d.getMissingAgents()).containsExactly(APPLICATION);
        assertThat(d.getEnvelope().getCausationId()).isEqualTo(second.getEnvelope().getEventId());
        assertThat(d.getReasons()).filteredOn(r -> r.getCode().equals("TIMED_OUT")).singleElement()
                .extracting(Reason::getMessage).asString()
                .isEqualTo("The application agent did not vote within the 60 s deadline; counted as a rejection.");
    }

    @Test
    void decidesOnTheVotesSoFarAtTheDeadlineWhenThePolicySaysSo() {
        Ballot ballot = open(planWith(ApprovalRule.UNANIMOUS, DeadlineOutcome.DECIDE_ON_VOTES_SO_FAR));
        ballot = counted(box.cast(ballot, vote(ballot, PERFORMANCE, APPROVE, 0.8, clock))).ballot();
        ballot = counted(box.cast(ballot, vote(ballot, RESOURCE, APPROVE, 0.8, clock))).ballot();

        clock.advance(Duration.ofMinutes(1));
        MigrationDecision d = box.expire(ballot).orElseThrow().decision().orElseThrow();

        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.APPROVED);
        assertThat(d.getMissingAgents()).containsExactly(APPLICATION);
    }

    @Test
    void timesOutWithNoVotesAtAllAnsweringTheAssessment() {
        Ballot ballot = open(pilotPlan().build());

        clock.advance(Duration.ofMinutes(1));
        MigrationDecision d = box.expire(ballot).orElseThrow().decision().orElseThrow();

        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
        assertThat(d.getMissingAgents()).containsExactlyInAnyOrder(PERFORMANCE, RESOURCE, APPLICATION);
        assertThat(d.getEnvelope().getCausationId()).isEqualTo(ballot.assessmentEventId());
    }

    @Test
    void treatsTheSameVoteTwiceAsARepeatAndASecondVoteOfOneAgentAsIgnored() {
        Ballot ballot = open(pilotPlan().build());
        AgentVote first = vote(ballot, PERFORMANCE, APPROVE, 0.8, clock);
        Ballot counted = counted(box.cast(ballot, first)).ballot();

        Cast again = box.cast(counted, first);
        Cast other = box.cast(counted, vote(ballot, PERFORMANCE, REJECT, 0.9, clock));

        assertThat(again).isInstanceOf(Repeat.class);
        assertThat(((Ignored) other).reason().getCode()).isEqualTo("AGENT_ALREADY_VOTED");
    }

    @Test
    void ignoresVotesThatCannotCountWithAReason() {
        Ballot ballot = open(pilotPlan().build());
        Ballot closed = counted(box.cast(ballot, vote(ballot, APPLICATION, REJECT, 0.9, clock))).ballot();

        assertThat(code(box.cast(null, vote(ballot, RESOURCE, APPROVE, 0.8, clock)))).isEqualTo("UNKNOWN_PLAN");
        assertThat(code(box.cast(closed, vote(ballot, RESOURCE, APPROVE, 0.8, clock)))).isEqualTo("VOTE_AFTER_DECISION");
        assertThat(code(box.cast(ballot, vote(ballot, RESOURCE, APPROVE, 1.01, clock)))).isEqualTo("CONFIDENCE_OUT_OF_RANGE");
        assertThat(code(box.cast(ballot, vote(ballot, RESOURCE, APPROVE, Double.NaN, clock)))).isEqualTo("CONFIDENCE_OUT_OF_RANGE");
        assertThat(code(box.cast(ballot, vote(ballot, AgentKind.UNKNOWN_AGENT, APPROVE, 0.8, clock)))).isEqualTo("UNKNOWN_AGENT");
        assertThat(code(box.cast(ballot, vote(ballot.planId(), "another-assessment", ballot.plan(), RESOURCE, APPROVE, 0.8, clock))))
                .isEqualTo("WRONG_ASSESSMENT");
    }

    @Test
    void declinesAnApprovalWhenTheApprovingAgentsShareNoInstanceType() {
        Ballot ballot = open(pilotPlan().build());
        AgentVote perf = vote(ballot, PERFORMANCE, APPROVE, 0.8, clock);
        perf.setRecommendedInstanceTypes(java.util.List.of("m5.large"));
        AgentVote res = vote(ballot, RESOURCE, APPROVE, 0.8, clock);
        res.setRecommendedInstanceTypes(java.util.List.of("m5a.large"));

        ballot = counted(box.cast(ballot, perf)).ballot();
        ballot = counted(box.cast(ballot, res)).ballot();
        MigrationDecision d = counted(box.cast(ballot, vote(ballot, APPLICATION, APPROVE, 0.8, clock))).decision().orElseThrow();

        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
        assertThat(d.getReasons()).extracting(Reason::getCode).contains("NO_COMMON_INSTANCE_TYPE");
    }

    private Ballot open(MigrationPlan plan) {
        return box.open(Envelopes.next("plan-1", "analyzer-service/0.1.0", "submission-1", clock), plan);
    }

    private static MigrationPlan planWith(ApprovalRule rule, DeadlineOutcome onDeadline) {
        return pilotPlan().setApproval(policy(rule).setOnDeadline(onDeadline).build()).build();
    }

    private static Counted counted(Cast cast) {
        assertThat(cast).isInstanceOf(Counted.class);
        return (Counted) cast;
    }

    private static String code(Cast cast) {
        assertThat(cast).isInstanceOf(Ignored.class);
        return ((Ignored) cast).reason().getCode();
    }
}
