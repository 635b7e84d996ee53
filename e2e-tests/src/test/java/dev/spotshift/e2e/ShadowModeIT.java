package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cli.PlanFile;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateScope;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OutputMismatch;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.ShadowRunCompleted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.simulator.domain.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 000's pilot, {@code examples/nightly-etl-pilot.yaml} with {@code mode: shadow}, on the simulated market. */
class ShadowModeIT {

    /**
     * The pilot plan as written, its clock at demo speed: only the durations change (2 h of shadow run and 15 min
     * steps would not fit a build), every other line is the example's.
     */
    static ParsedPlans pilotAtDemoSpeed() {
        Map<String, String> faster = new LinkedHashMap<>();
        faster.put("stepInterval: PT15M", "stepInterval: PT5S");
        faster.put("validationWindow: PT10M", "validationWindow: PT4S");
        faster.put("baselineWindow: PT5M", "baselineWindow: PT4S");
        faster.put("shadowRun: PT2H", "shadowRun: PT6S");
        faster.put("errorRateWindow: PT1M", "errorRateWindow: PT5S");
        faster.put("degradationWindow: PT15M", "degradationWindow: PT10S");
        faster.put("costWindow: PT1H", "costWindow: PT20S");
        try {
            String text = Files.readString(E2eStack.home().resolve("examples/nightly-etl-pilot.yaml"));
            assertThat(text).contains("mode: shadow");
            for (Map.Entry<String, String> e : faster.entrySet()) {
                assertThat(text).as("the example still says %s", e.getKey()).contains(e.getKey());
                text = text.replace(e.getKey(), e.getValue());
            }
            Path file = Files.createTempFile("nightly-etl-pilot-", ".yaml");
            Files.writeString(file, text);
            ParsedPlans parsed = PlanFile.read(file);
            assertThat(parsed.errors()).as("the pilot at demo speed validates").isEmpty();
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> payloads(String planId) {
        return E2eStack.events(Topics.ROLLOUT_EVENTS, planId).stream().map(RolloutEvent::getPayload).map(Object.class::cast)
                .toList();
    }

    /** The executor's shadow-capacity orders as the actuator carried them out (cloud-outcomes). */
    static void assertShadowCapacityLaunchedAndRemoved(String planId) {
        List<CloudOutcome> outcomes = E2eStack.events(Topics.CLOUD_OUTCOMES, planId);
        List<String> launched = outcomes.stream().filter(o -> "LaunchShadowCapacity".equals(o.getAction()))
                .peek(o -> assertThat(o.getSucceeded()).as("shadow launch: %s", o.getError()).isTrue())
                .flatMap(o -> o.getShadowInstanceIds().stream()).toList();
        assertThat(launched).as("shadow instances launched").isNotEmpty();
        assertThat(outcomes).filteredOn(o -> "RemoveShadowCapacity".equals(o.getAction())).as("shadow removals")
                .singleElement().satisfies(o -> {
                    assertThat(o.getSucceeded()).as("shadow removal: %s", o.getError()).isTrue();
                    assertThat(o.getShadowInstanceIds()).containsExactlyInAnyOrderElementsOf(launched);
                });
    }

    @Test
    void givenThePilotInShadowModeWhenOutputsAgreeThenTheShadowPhasePassesAndThePlanShiftsToSpot() {
        // Given a workload whose shadow outputs match on-demand
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        // When seed 000's pilot (mode: shadow) is submitted
        String planId = E2eStack.submit(pilotAtDemoSpeed(), null);
        MigrationStatus s = E2eStack.awaitFinal(planId);
        // Then the shadow run compared real jobs, passed, and the plan went on to shift all the way
        List<Object> events = payloads(planId);
        List<ShadowRunCompleted> shadow = events.stream().filter(ShadowRunCompleted.class::isInstance)
                .map(ShadowRunCompleted.class::cast).toList();
        assertThat(shadow).as("shadow run results").singleElement().satisfies(r -> {
            assertThat(r.getPassed()).isTrue();
            assertThat(r.getJobsCompared()).isPositive();
            assertThat(r.getOutputMismatches()).isZero();
        });
        int shadowAt = events.indexOf(shadow.get(0));
        assertThat(events.subList(shadowAt, events.size())).filteredOn(RolloutStepStarted.class::isInstance)
                .as("steps after the shadow run").hasSize(4);
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(s.getSpotPercent()).isEqualTo(100);
        // And it shifted on the monitor's verdict over the whole run, every shadow criterion held and listed
        assertThat(shadowVerdict(planId).getResult()).isEqualTo(GateResult.PASS);
        assertThat(s.getShadowCriteria().getMeasurements()).hasSize(4)
                .allSatisfy(m -> assertThat(m.getPassed()).as("%s", m.getMetric()).isTrue());
        // And the shadow samples stayed out of the plan's rollback rules: nothing was ordered back
        assertThat(E2eStack.events(Topics.ROLLBACK_COMMANDS, planId)).isEmpty();
        // And the run had shadow capacity of its own, launched by the executor and removed when the phase ended
        assertShadowCapacityLaunchedAndRemoved(planId);
        E2eStack.assertAuditClean(planId);
    }

    @Test
    void givenThePilotInShadowModeWhenAJobsOutputDiffersThenItRollsBackOnADataInconsistencyNamingTheJobAndBothChecksums() {
        // Given a workload whose first shadow job's output on spot differs from on-demand
        E2eStack.stack().useScenario(Scenario.SHADOW_MISMATCH);
        E2eStack.requireAllServices();
        // When seed 000's pilot is submitted
        String planId = E2eStack.submit(pilotAtDemoSpeed(), null);
        MigrationStatus s = E2eStack.awaitFinal(planId);
        // Then it ends rolled back, never having shifted a step
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.ROLLED_BACK);
        assertThat(s.getSpotPercent()).isZero();
        assertThat(payloads(planId)).noneMatch(RolloutStepStarted.class::isInstance);
        // And the workload reported the mismatch, and the monitor's command names that job and both checksums
        OutputMismatch reported = E2eStack.events(Topics.WORKLOAD_METRICS, planId).stream()
                .filter(MetricSample::getShadow).flatMap(m -> m.getOutputMismatches().stream()).findFirst().orElseThrow();
        List<RollbackCommand> commands = E2eStack.events(Topics.ROLLBACK_COMMANDS, planId);
        assertThat(commands).singleElement().satisfies(c -> {
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.DATA_INCONSISTENCY);
            assertThat(c.getReason()).contains(reported.getJobId(), reported.getSpotChecksum(),
                    reported.getOnDemandChecksum());
        });
        // And the executor rolled back on that trigger
        assertThat(payloads(planId)).filteredOn(RolledBack.class::isInstance).map(RolledBack.class::cast)
                .singleElement().satisfies(r -> {
                    assertThat(r.getTrigger()).isEqualTo(RollbackTrigger.DATA_INCONSISTENCY);
                    assertThat(r.getReason()).contains(reported.getJobId(), reported.getSpotChecksum());
                });
        // And the rollback took the shadow capacity away with the phase
        assertShadowCapacityLaunchedAndRemoved(planId);
        E2eStack.assertAuditClean(planId);
    }

    @Test
    void givenThePilotInShadowModeWhenShadowJobsTakeLongerThanTheBaselinePlusFivePercentThenTheRunsVerdictRollsItBack() {
        // Given a workload whose jobs on the shadow spot capacity take 10 % longer than on on-demand
        E2eStack.stack().useScenario(Scenario.SHADOW_SLOW);
        E2eStack.requireAllServices();
        // When seed 000's pilot (processing time <= baseline + 5 %) is submitted
        String planId = E2eStack.submit(pilotAtDemoSpeed(), null);
        MigrationStatus s = E2eStack.awaitFinal(planId);
        // Then the shadow phase did not pass: it ends rolled back, never having shifted a step
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.ROLLED_BACK);
        assertThat(s.getSpotPercent()).isZero();
        assertThat(payloads(planId)).noneMatch(RolloutStepStarted.class::isInstance)
                .noneMatch(p -> p instanceof ShadowRunCompleted r && r.getPassed());
        // And no sample ordered it back: the monitor judged the run's time once, over the whole run
        assertThat(E2eStack.events(Topics.ROLLBACK_COMMANDS, planId)).isEmpty();
        GateVerdict verdict = shadowVerdict(planId);
        assertThat(verdict.getResult()).isEqualTo(GateResult.FAIL);
        assertThat(verdict.getMeasurements()).filteredOn(m -> !m.getPassed()).singleElement().satisfies(m -> {
            assertThat(m.getMetric()).isEqualTo("shadow_processing_time_increase_percent");
            assertThat(m.getObserved()).isGreaterThan(m.getThreshold());
            assertThat(m.getThreshold()).isEqualTo(5.0);
        });
        // And the status lists every shadow criterion with its threshold and measured value
        assertThat(s.getShadowCriteria().getResult()).isEqualTo(GateResult.FAIL);
        assertThat(s.getShadowCriteria().getMeasurements()).hasSize(4);
        // And the executor rolled back on the run's verdict (the plan's onCriteriaMissed: rollback), naming it
        assertThat(payloads(planId)).filteredOn(RolledBack.class::isInstance).map(RolledBack.class::cast)
                .singleElement().satisfies(r -> {
                    assertThat(r.getTrigger()).isEqualTo(RollbackTrigger.GATE_FAILED);
                    assertThat(r.getReason()).contains("shadow criteria missed",
                            "SHADOW_PROCESSING_TIME_INCREASE_PERCENT_MISSED");
                });
        assertShadowCapacityLaunchedAndRemoved(planId);
        E2eStack.assertAuditClean(planId);
    }

    /** The monitor's one verdict on the plan's shadow run. */
    static GateVerdict shadowVerdict(String planId) {
        List<GateVerdict> verdicts = E2eStack.events(Topics.GATE_VERDICTS, planId).stream()
                .filter(v -> v.getScope() == GateScope.SHADOW_PHASE).toList();
        assertThat(verdicts).as("shadow run verdicts").hasSize(1);
        return verdicts.get(0);
    }
}
