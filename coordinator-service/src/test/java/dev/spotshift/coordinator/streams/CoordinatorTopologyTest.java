package dev.spotshift.coordinator.streams;

import static dev.spotshift.coordinator.domain.SeedPlans.assessmentEvent;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.coordinator.domain.Agent;
import dev.spotshift.coordinator.domain.ApplicationAgent;
import dev.spotshift.coordinator.domain.InstanceCatalog;
import dev.spotshift.coordinator.domain.Opinion;
import dev.spotshift.coordinator.domain.PerformanceAgent;
import dev.spotshift.coordinator.domain.ResourceAgent;
import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RejectionStage;
import dev.spotshift.events.VoteSummary;
import dev.spotshift.events.VoteVerdict;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorTopologyTest {

    private static final Instant START = Instant.parse("2026-01-01T02:00:00Z");
    private static final List<Agent> ALL_AGENTS =
            List.of(new PerformanceAgent(InstanceCatalog.standard()), new ResourceAgent(), new ApplicationAgent());

    @TempDir
    Path stateDir;

    private final Clock clock = Clock.fixed(START, java.time.ZoneOffset.UTC);
    private TopologyTestDriver driver;
    private TestInputTopic<String, AssessmentEvent> assessments;
    private TestInputTopic<String, byte[]> rawAssessments;
    private TestInputTopic<String, AgentVote> votesIn;
    private TestOutputTopic<String, AgentVote> votes;
    private TestOutputTopic<String, MigrationDecision> decisions;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void theSeedPilotGetsThreeVotesThatAnswerTheAssessmentAndOneApproval() {
        start(ALL_AGENTS);
        AssessmentEvent assessment = assessmentEvent("plan-1", pilotPlan().build(), clock);

        assessments.pipeInput("plan-1", assessment);

        List<AgentVote> cast = votes.readValuesToList();
        assertThat(cast).extracting(AgentVote::getAgent)
                .containsExactlyInAnyOrder(AgentKind.PERFORMANCE, AgentKind.RESOURCE, AgentKind.APPLICATION);
        assertThat(cast).allSatisfy(v -> assertThat(v.getEnvelope().getCausationId())
                .isEqualTo(assessment.getEnvelope().getEventId()));
        List<MigrationDecision> decided = decisions.readValuesToList();
        assertThat(decided).singleElement().satisfies(d -> {
            assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.APPROVED);
            assertThat(d.getDecidedBy()).isEqualTo(DecisionBasis.ALL_VOTES);
            assertThat(d.getVotes()).extracting(VoteSummary::getVoteEventId)
                    .containsExactlyElementsOf(cast.stream().map(v -> v.getEnvelope().getEventId()).toList());
            assertThat(d.getEnvelope().getCausationId()).isEqualTo(cast.get(2).getEnvelope().getEventId());
            assertThat(d.getInstanceTypes()).containsExactly("m5.large", "m5a.large", "m5n.large");
        });
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPlanThatDeclaresRealTimeIsDeclinedWithTheApplicationAgentsReasons() {
        start(ALL_AGENTS);
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setRealTimeRequirement(true);

        assessments.pipeInput("plan-2", assessmentEvent("plan-2", plan, clock));

        MigrationDecision d = decisions.readValue();
        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
        assertThat(d.getReasons()).extracting(Reason::getCode).contains("REAL_TIME_REQUIREMENT");
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void aSilentAgentIsCountedMissingWhenTheDeadlinePassesWithNoFurtherInput() {
        start(List.of(new PerformanceAgent(InstanceCatalog.standard()), new ResourceAgent()));
        assessments.pipeInput("plan-3", assessmentEvent("plan-3", pilotPlan().build(), clock));
        assertThat(votes.readValuesToList()).hasSize(2);

        driver.advanceWallClockTime(Duration.ofSeconds(59));
        assertThat(decisions.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        MigrationDecision d = decisions.readValue();
        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
        assertThat(d.getDecidedBy()).isEqualTo(DecisionBasis.DEADLINE);
        assertThat(d.getMissingAgents()).containsExactly(AgentKind.APPLICATION);
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void aCrashingAgentLeavesADeadLetterAndTheOthersStillVote() {
        Agent crashing = new Agent() {
            @Override public AgentKind kind() { return AgentKind.APPLICATION; }
            @Override public Opinion assess(OpportunityAssessed a) { throw new IllegalStateException("catalog offline"); }
        };
        start(List.of(new PerformanceAgent(InstanceCatalog.standard()), new ResourceAgent(), crashing));

        assessments.pipeInput("plan-4", assessmentEvent("plan-4", pilotPlan().build(), clock));

        assertThat(votes.readValuesToList()).extracting(AgentVote::getAgent)
                .containsExactlyInAnyOrder(AgentKind.PERFORMANCE, AgentKind.RESOURCE);
        assertThat(deadLetters.readValue().getReason()).contains("APPLICATION agent failed", "catalog offline");
        driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(decisions.readValue().getMissingAgents()).containsExactly(AgentKind.APPLICATION);
    }

    @Test
    void aRepeatedAssessmentCastsNoSecondSetOfVotesAndNoSecondDecision() {
        start(ALL_AGENTS);
        AssessmentEvent assessment = assessmentEvent("plan-5", pilotPlan().build(), clock);

        assessments.pipeInput("plan-5", assessment);
        assessments.pipeInput("plan-5", assessment);

        assertThat(votes.readValuesToList()).hasSize(3);
        assertThat(decisions.readValuesToList()).hasSize(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPlanRejectedByTheAnalyzerIsNotVotedOn() {
        start(ALL_AGENTS);
        AssessmentEvent rejected = assessmentEvent("plan-6", pilotPlan().build(), clock);
        rejected.setPayload(PlanRejected.newBuilder().setPlanName("p").setStage(RejectionStage.MARKET)
                .setReasons(List.of()).build());

        assessments.pipeInput("plan-6", rejected);
        driver.advanceWallClockTime(Duration.ofMinutes(2));

        assertThat(votes.isEmpty()).isTrue();
        assertThat(decisions.isEmpty()).isTrue();
    }

    @Test
    void anUndecodableAssessmentBecomesADeadLetterWithItsBytesAndReason() {
        start(ALL_AGENTS);

        rawAssessments.pipeInput("plan-7", new byte[] {1, 2, 3});

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.SPOT_ASSESSMENTS.name());
        assertThat(letter.getKey()).isEqualTo("plan-7");
        assertThat(letter.getReason()).startsWith("undecodable as " + Topics.SPOT_ASSESSMENTS.name());
        assertThat(letter.getValue().remaining()).isEqualTo(3);
        assertThat(votes.isEmpty()).isTrue();
    }

    @Test
    void aVoteForAnUnknownPlanOrAfterTheDecisionIsRecordedAsIgnored() {
        start(ALL_AGENTS);
        AssessmentEvent assessment = assessmentEvent("plan-8", pilotPlan().build(), clock);
        assessments.pipeInput("plan-8", assessment);
        AgentVote counted = votes.readValuesToList().get(0);

        AgentVote late = AgentVote.newBuilder(counted).setVerdict(VoteVerdict.REJECT).build();
        late.getEnvelope().setEventId("another-vote");
        votesIn.pipeInput("plan-8", late);
        AgentVote stranger = AgentVote.newBuilder(counted).build();
        stranger.getEnvelope().setPlanId("plan-unknown");
        votesIn.pipeInput("plan-unknown", stranger);

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason)
                .satisfiesExactly(r -> assertThat(r).startsWith("VOTE_AFTER_DECISION"),
                        r -> assertThat(r).startsWith("UNKNOWN_PLAN"));
        assertThat(decisions.readValuesToList()).hasSize(1);
    }

    private void start(List<Agent> agents) {
        TopicSerdes serdes = TopicSerdes.plainAvro();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "coordinator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                CoordinatorTopology.build(agents, serdes, Duration.ofSeconds(1), Duration.ofDays(7)), props, START);
        var keys = Serdes.String();
        assessments = driver.createInputTopic(Topics.SPOT_ASSESSMENTS.name(), keys.serializer(), serdes.valueSerde(Topics.SPOT_ASSESSMENTS).serializer());
        rawAssessments = driver.createInputTopic(Topics.SPOT_ASSESSMENTS.name(), keys.serializer(), Serdes.ByteArray().serializer());
        votesIn = driver.createInputTopic(Topics.AGENT_VOTES.name(), keys.serializer(), serdes.valueSerde(Topics.AGENT_VOTES).serializer());
        votes = driver.createOutputTopic(Topics.AGENT_VOTES.name(), keys.deserializer(), serdes.valueSerde(Topics.AGENT_VOTES).deserializer());
        decisions = driver.createOutputTopic(Topics.MIGRATION_DECISIONS.name(), keys.deserializer(), serdes.valueSerde(Topics.MIGRATION_DECISIONS).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), keys.deserializer(), serdes.valueSerde(Topics.DEAD_LETTERS).deserializer());
    }
}
