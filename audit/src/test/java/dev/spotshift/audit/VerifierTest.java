package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.audit.Finding.Rule;
import dev.spotshift.events.MigrationStage;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {

    @Test
    void acceptsAWellCausedHappyPath() {
        // Given a plan approved, stepped to 25 % and finished
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.rollout(EventType.MIGRATION_FINISHED, "finished", "step-0-done", MigrationStage.COMPLETED, 25));

        // When it is verified against the status the monitor wrote
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then nothing is found
        assertThat(v.findings()).isEmpty();
        assertThat(v.passed()).isTrue();
    }

    @Test
    void acceptsARollbackOrderedOnABreachingSample() {
        // Given the monitor ordered a rollback on a breaching sample (an outside observation, after the approval)
        PlanHistory history = PlanStory.approved().stepped().rolledBackOnErrorRate().withLiveStatus();

        // When verified
        Verification v = Verifier.verify(history);

        // Then the rollback stands on the command's measurements and on the plan's approval
        assertThat(v.findings()).isEmpty();
    }

    @Test
    void findsAnEffectWhoseCauseIsNotInTheRecord() {
        // Given a step that answers an event nobody wrote
        PlanStory story = PlanStory.approved();
        story.with(story.rollout(EventType.ROLLOUT_STEP_STARTED, "step-0", "ghost", MigrationStage.SHIFTING, 25));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the dangling cause is named, and the step has no approval to stand on
        assertThat(v.passed()).isFalse();
        assertThat(v.errors()).extracting(Finding::rule, Finding::eventId)
                .contains(org.assertj.core.groups.Tuple.tuple(Rule.DANGLING_CAUSE, "step-0"),
                        org.assertj.core.groups.Tuple.tuple(Rule.NOT_APPROVED, "step-0"));
        assertThat(v.errors()).filteredOn(f -> f.rule() == Rule.DANGLING_CAUSE).first()
                .extracting(Finding::message).asString().contains("ghost");
    }

    @Test
    void findsAnAnswerThatNamesNoCause() {
        // Given a vote with no causationId
        PlanStory story = PlanStory.approved();
        story.with(story.draft(EventType.AGENT_VOTE, "late-vote", null).stage(MigrationStage.VOTING));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then it is reported as missing its cause
        assertThat(v.errors()).extracting(Finding::rule, Finding::eventId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Rule.MISSING_CAUSE, "late-vote"));
    }

    @Test
    void acceptsOutsideObservationsWithoutACause() {
        // Given an interruption warning and an operator's pause, neither naming a cause
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.draft(EventType.SPOT_INTERRUPTION_WARNING, "notice", null).trace(null))
                .with(story.draft(EventType.OPERATOR_COMMAND, "pause", null).trace("ffffffffffffffffffffffffffffffff"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then they are accepted as the starts of chains of their own
        assertThat(v.findings()).isEmpty();
    }

    @Test
    void findsACloudActionWithoutAnApprovedDecision() {
        // Given a decision that DECLINED, and a step started on it anyway
        PlanStory story = new PlanStory();
        story.with(story.draft(EventType.MIGRATION_PLAN_SUBMITTED, "submitted", null).stage(MigrationStage.SUBMITTED))
                .with(story.draft(EventType.MIGRATION_DECISION, "decision", "submitted").stage(MigrationStage.DECLINED)
                        .label("outcome", "DECLINED"))
                .with(story.rollout(EventType.ROLLOUT_STEP_STARTED, "step-0", "decision", MigrationStage.SHIFTING, 25));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the step is reported as unapproved, naming the decision
        assertThat(v.errors()).extracting(Finding::rule).containsExactly(Rule.NOT_APPROVED);
        assertThat(v.errors().get(0).message()).contains("decision").contains("DECLINED");
    }

    @Test
    void findsAReplacementLaunchedForAPlanNeverApproved() {
        // Given an interruption notice on a plan that never got a decision, and a replacement launched for it
        PlanStory story = new PlanStory();
        story.with(story.draft(EventType.MIGRATION_PLAN_SUBMITTED, "submitted", null).stage(MigrationStage.SUBMITTED))
                .with(story.draft(EventType.SPOT_INTERRUPTION_WARNING, "notice", null))
                .with(story.rollout(EventType.REPLACEMENT_LAUNCHED, "replacement", "notice", MigrationStage.SUBMITTED, 0));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the replacement has no approval to stand on
        assertThat(v.errors()).extracting(Finding::rule, Finding::eventId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Rule.NOT_APPROVED, "replacement"));
    }

    @Test
    void findsARollbackWithoutATrigger() {
        // Given a rollback that answers a completed step, not a command with evidence
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.rollout(EventType.ROLLED_BACK, "rolled-back", "step-0-done", MigrationStage.ROLLED_BACK, 0)
                .label("trigger", "UNKNOWN_TRIGGER"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the rollback is reported as having no trigger with evidence
        assertThat(v.errors()).extracting(Finding::rule, Finding::eventId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Rule.ROLLBACK_WITHOUT_EVIDENCE, "rolled-back"));
    }

    @Test
    void acceptsACapacityShortageRollbackCausedByTheCloudsRefusalOfTheStep() {
        // Given a step's share the cloud refused for want of spot capacity, and the shortage rollback naming that outcome
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.draft(EventType.CLOUD_COMMAND, "share-50", "step-0-done").label("action", "SetGroupShare"))
                .with(story.draft(EventType.CLOUD_OUTCOME, "no-capacity", "share-50").label("succeeded", false)
                        .label("errorKind", "INSUFFICIENT_CAPACITY"))
                .with(story.rollout(EventType.ROLLED_BACK, "rolled-back", "no-capacity", MigrationStage.PAUSED, 0)
                        .label("trigger", "CAPACITY_SHORTAGE").label("level", "PHASE"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the refusal is the rollback's evidence
        assertThat(v.errors()).extracting(Finding::rule).doesNotContain(Rule.ROLLBACK_WITHOUT_EVIDENCE);
    }

    @Test
    void findsACapacityShortageRollbackOnAnOutcomeThatWasNoShortage() {
        // Given a shortage rollback naming an outcome that failed for want of permission
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.draft(EventType.CLOUD_COMMAND, "share-50", "step-0-done").label("action", "SetGroupShare"))
                .with(story.draft(EventType.CLOUD_OUTCOME, "denied", "share-50").label("succeeded", false)
                        .label("errorKind", "ACCESS_DENIED"))
                .with(story.rollout(EventType.ROLLED_BACK, "rolled-back", "denied", MigrationStage.PAUSED, 0)
                        .label("trigger", "CAPACITY_SHORTAGE").label("level", "PHASE"));

        // When verified, Then the rollback has no evidence
        assertThat(Verifier.verify(story.withLiveStatus()).errors()).extracting(Finding::rule, Finding::eventId)
                .contains(org.assertj.core.groups.Tuple.tuple(Rule.ROLLBACK_WITHOUT_EVIDENCE, "rolled-back"));
    }

    @Test
    void findsARollbackCommandWithoutMeasurements() {
        // Given a rollback command that carries no measurement
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.draft(EventType.ROLLBACK_COMMAND, "cmd", "step-0-done").label("trigger", "ERROR_RATE"))
                .with(story.rollout(EventType.ROLLED_BACK, "rolled-back", "cmd", MigrationStage.ROLLED_BACK, 0));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then there is no evidence for the rollback
        assertThat(v.errors()).extracting(Finding::rule).containsExactly(Rule.ROLLBACK_WITHOUT_EVIDENCE);
    }

    @Test
    void acceptsAStepBackForAGateVerdictThatNeverCame() {
        // Given a step whose gate got no verdict, and the executor's step back naming the step as its cause
        PlanStory story = PlanStory.approved();
        story.with(story.rollout(EventType.ROLLOUT_STEP_STARTED, "step-0", "decision", MigrationStage.SHIFTING, 25))
                .with(story.rollout(EventType.ROLLED_BACK, "stepped-back", "step-0", MigrationStage.PAUSED, 0)
                        .label("trigger", "GATE_FAILED").label("level", "STEP"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the verdict's absence from the record is the evidence
        assertThat(v.findings()).isEmpty();
    }

    @Test
    void findsAStepBackForAMissingVerdictWhenTheVerdictWasInTheRecord() {
        // Given a step whose gate passed, and a step back that says its verdict never came
        PlanStory story = PlanStory.approved();
        story.with(story.rollout(EventType.ROLLOUT_STEP_STARTED, "step-0", "decision", MigrationStage.SHIFTING, 25))
                .with(story.draft(EventType.GATE_VERDICT, "gate-0", "step-0").label("result", "PASS")
                        .measure(new Measure("errorRatePercent", 0.0, 0.01, "LESS_OR_EQUAL", 0.0, true)))
                .with(story.rollout(EventType.ROLLED_BACK, "stepped-back", "step-0", MigrationStage.PAUSED, 0)
                        .label("trigger", "GATE_FAILED").label("level", "STEP"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the step back has no evidence: the verdict was there to be read
        assertThat(v.errors()).extracting(Finding::rule).containsExactly(Rule.ROLLBACK_WITHOUT_EVIDENCE);
    }

    @Test
    void acceptsARollbackOrderedByAnOperator() {
        // Given an operator's ROLLBACK_FULL carried out by the executor
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.draft(EventType.OPERATOR_COMMAND, "op", null).label("action", "ROLLBACK_FULL"))
                .with(story.rollout(EventType.ROLLED_BACK, "rolled-back", "op", MigrationStage.ROLLED_BACK, 0)
                        .label("trigger", "OPERATOR"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the operator is the evidence
        assertThat(v.findings()).isEmpty();
    }

    @Test
    void findsALiveStatusThatDisagreesWithTheEvents() {
        // Given a rolled-back plan whose migration-status still says SHIFTING at 25 %
        PlanHistory history = PlanStory.approved().stepped().rolledBackOnErrorRate()
                .withLiveStatus(MigrationStage.SHIFTING, 25);

        // When verified
        Verification v = Verifier.verify(history);

        // Then the mismatch names stage and spot share
        assertThat(v.errors()).extracting(Finding::rule).containsExactly(Rule.STATUS_MISMATCH);
        assertThat(v.errors().get(0).message()).contains("stage replayed ROLLED_BACK but live SHIFTING")
                .contains("spot share replayed 0 but live 25");
    }

    @Test
    void findsAPlanWithNoStatusRecord() {
        // Given events but no record on migration-status
        PlanHistory history = PlanHistory.of(PlanStory.PLAN, PlanStory.approved().events(), null);

        // When verified
        Verification v = Verifier.verify(history);

        // Then the missing status is a finding
        assertThat(v.errors()).extracting(Finding::rule).containsExactly(Rule.STATUS_MISSING);
    }

    @Test
    void findsAnAnswerOnAnotherTrace() {
        // Given a decision written on a new trace instead of its votes' trace
        PlanStory story = PlanStory.approved();
        story.with(story.rollout(EventType.PREFLIGHT_COMPLETED, "preflight", "decision", MigrationStage.PREFLIGHT, 0)
                .trace("11111111111111111111111111111111"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the broken trace is named
        assertThat(v.errors()).extracting(Finding::rule, Finding::eventId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Rule.TRACE_BROKEN, "preflight"));
    }

    @Test
    void acceptsAnAnswerToAnOutsideObservationOnThePlansTrace() {
        // Given a breaching sample observed on its own trace, answered on the plan's trace
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.draft(EventType.METRIC_SAMPLE, "sample", null).trace("22222222222222222222222222222222")
                .number(MetricFigures.ERROR_RATE, 2.5));
        story.with(story.draft(EventType.ROLLBACK_COMMAND, "rollback-cmd", "sample").label("trigger", "ERROR_RATE")
                .label("level", "FULL").reference("sample")
                .measure(new Measure("errorRatePercent", 2.5, 0.01, "LESS_OR_EQUAL", 0.0, false)));
        story.with(story.rollout(EventType.ROLLED_BACK, "rolled-back", "rollback-cmd", MigrationStage.ROLLED_BACK, 0)
                .label("trigger", "ERROR_RATE").label("level", "FULL"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then the plan's single trace is intact
        assertThat(v.errors()).isEmpty();
    }

    @Test
    void findsAnAnswerToAnOutsideObservationOnAThirdTrace() {
        // Given an answer to a sample that is neither on the sample's trace nor on the plan's
        PlanStory story = PlanStory.approved().stepped();
        story.with(story.draft(EventType.METRIC_SAMPLE, "sample", null).trace("22222222222222222222222222222222"));
        story.with(story.draft(EventType.GATE_VERDICT, "stray", "sample").trace("33333333333333333333333333333333")
                .label("result", "PASS"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then it is named
        assertThat(v.errors()).extracting(Finding::rule, Finding::eventId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Rule.TRACE_BROKEN, "stray"));
    }

    @Test
    void findsACausationCycle() {
        // Given two events that answer each other
        PlanStory story = PlanStory.approved();
        story.with(story.draft(EventType.GATE_VERDICT, "a", "b").label("result", "PASS"))
                .with(story.draft(EventType.GATE_VERDICT, "b", "a").label("result", "PASS"));

        // When verified
        Verification v = Verifier.verify(story.withLiveStatus());

        // Then one cycle is reported
        assertThat(v.errors()).extracting(Finding::rule).containsExactly(Rule.CAUSE_CYCLE);
    }

    @Test
    void saysSoWhenAPlanHasNoEvents() {
        // Given nothing in the log for a plan
        PlanHistory history = PlanHistory.of("nobody.nothing.000000000000", List.of(), null);

        // When verified
        Verification v = Verifier.verify(history);

        // Then the verification fails with that one finding
        assertThat(v.passed()).isFalse();
        assertThat(v.errors()).extracting(Finding::rule).containsExactly(Rule.NO_EVENTS);
    }

    @Test
    void reportsAnUndecodableRecordAsAWarningAndGoesOn() {
        // Given a clean history read past one record that no longer decodes
        PlanStory story = PlanStory.approved();
        PlanHistory history = new PlanHistory(PlanStory.PLAN, story.events(), story.withLiveStatus().liveStatus(),
                List.of(new ReadProblem(dev.spotshift.schemas.Topics.ROLLOUT_EVENTS.name(), 1, 42, "unknown schema")), false);

        // When verified
        Verification v = Verifier.verify(history);

        // Then it is reported with topic/partition/offset, and does not fail the plan
        assertThat(v.passed()).isTrue();
        assertThat(v.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.UNDECODABLE_RECORD);
            assertThat(f.message()).contains(dev.spotshift.schemas.Topics.ROLLOUT_EVENTS.name() + "/1@42");
        });
    }
}
