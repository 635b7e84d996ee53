package dev.spotshift.executor.streams;

import dev.spotshift.executor.state.StateSerde;
import dev.spotshift.executor.state.LegacyJson;
import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static dev.spotshift.executor.streams.ContractEvents.operator;
import static dev.spotshift.executor.streams.ContractEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutResumed;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A plan the domain throws for is quarantined (its reason kept, announced once, its timers skipped, its inputs kept
 * as dead letters) instead of being retried every tick; an operator's RETRY lifts it, ABORT still stops it.
 */
class QuarantineTopologyTest {

    private static final String PLAN = "plan-broken";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration BASELINE = Duration.ofSeconds(3);

    private final TopologyFixture executor = new TopologyFixture();

    @AfterEach
    void close() {
        executor.close();
    }

    /** Step 0 in flight, then an executor restored from a changelog whose state has been damaged by {@code edit}. */
    private void restoredDamaged(java.util.function.UnaryOperator<String> edit) {
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, executor.now, INTERVAL.toMillis(),
                WINDOW.toMillis(), BASELINE.toMillis(), 0, "s3://backup-bucket/spot-state/"));
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        executor.advance(BASELINE);
        assertThat(executor.payloads(RolloutStepStarted.class)).hasSize(1);
        String json = LegacyJson.text(executor.state(PLAN));
        String damaged = edit.apply(json);
        assertThat(damaged).isNotEqualTo(json);
        executor.changelog.add(StateSerde.rollouts().deserializer().deserialize("t",
                damaged.getBytes(StandardCharsets.UTF_8)));
        executor.restart();
    }

    private List<RolloutPaused> quarantines() {
        return executor.payloads(RolloutPaused.class).stream()
                .filter(p -> p.getReason().getCode().equals(Quarantines.QUARANTINED)).toList();
    }

    /** The gate's deadline becomes the start of a step the plan does not have. */
    private static String timerForAStepThatDoesNotExist(String json) {
        return json.replaceFirst("\"kind\":\"GATE_DEADLINE\"(.*?)\"stepIndex\":0", "\"kind\":\"NEXT_STEP\"$1\"stepIndex\":99");
    }

    /** The step in flight becomes one the plan does not have: its verdict cannot be applied. */
    private static String activeStepThatDoesNotExist(String json) {
        return json.replaceFirst("\"activeStep\":0", "\"activeStep\":99");
    }

    @Test
    void planWhoseTimerThrowsIsQuarantinedOnceAndNotRetriedEveryTick() {
        // Given a plan whose next timer the domain cannot fire
        restoredDamaged(QuarantineTopologyTest::timerForAStepThatDoesNotExist);
        RolloutState before = executor.state(PLAN);

        // When the timer falls due, and ticks go on
        executor.advance(WINDOW.plus(Duration.ofSeconds(5)));

        // Then the plan is quarantined once, saying why, and left as it was
        assertThat(quarantines()).singleElement()
                .satisfies(p -> assertThat(p.getReason().getMessage()).contains(PLAN).contains("Index"));
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.SHIFTING);
        assertThat(executor.state(PLAN)).isEqualTo(before);

        // and an input for it is kept as a dead letter, not applied
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        assertThat(executor.deadLetters()).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("quarantined"));
    }

    @Test
    void operatorRetryLiftsTheQuarantineOnceAndThePlansInputsAreHandledAgain() {
        // Given a plan quarantined because the domain threw on its verdict
        restoredDamaged(QuarantineTopologyTest::activeStepThatDoesNotExist);
        executor.advance(INTERVAL);
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, 99, GateResult.PASS));
        assertThat(quarantines()).hasSize(1);
        List<DeadLetter> letters = executor.deadLetters();
        assertThat(letters).singleElement().satisfies(d -> assertThat(d.getReason()).contains("Index"));

        // When an operator says RETRY (twice: a replayed command), then PAUSE
        executor.send(Topics.OPERATOR_COMMANDS, PLAN, operator(PLAN, executor.now, OperatorAction.RETRY));
        executor.send(Topics.OPERATOR_COMMANDS, PLAN, operator(PLAN, executor.now, OperatorAction.RETRY));
        executor.send(Topics.OPERATOR_COMMANDS, PLAN, operator(PLAN, executor.now, OperatorAction.PAUSE));

        // Then the quarantine is lifted once, and the pause is applied like any input
        assertThat(executor.payloads(RolloutResumed.class)).singleElement()
                .satisfies(r -> assertThat(r.getBy()).contains("RETRY"));
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.PAUSED);
        assertThat(executor.deadLetters()).isEmpty();
    }

    @Test
    void abortStillStopsAQuarantinedPlanAndRollsItBack() {
        // Given a quarantined plan
        restoredDamaged(QuarantineTopologyTest::activeStepThatDoesNotExist);
        executor.advance(INTERVAL);
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, 99, GateResult.PASS));
        assertThat(quarantines()).hasSize(1);

        // When an operator aborts it
        executor.send(Topics.OPERATOR_COMMANDS, PLAN, operator(PLAN, executor.now, OperatorAction.ABORT));
        executor.advance(Duration.ofSeconds(2));

        // Then it is rolled back to on-demand and ends ABORTED
        assertThat(executor.state(PLAN).stage().terminal()).isTrue();
        assertThat(executor.onDemandPercentAboveBase()).isEqualTo(100);
    }
}
