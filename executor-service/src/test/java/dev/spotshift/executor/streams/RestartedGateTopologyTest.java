package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static dev.spotshift.executor.streams.ContractEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An executor restarted after a gate's deadline passed while it was down: the verdict may already wait in the
 * backlog of {@code gate-verdicts}, so the deadline waits a gate grace after the task's initialisation before it
 * says the verdict is missing.
 */
class RestartedGateTopologyTest {

    private static final String PLAN = "plan-restarted";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration BASELINE = Duration.ofSeconds(3);
    private static final Duration GATE_GRACE = Duration.ofMillis(TopologyFixture.SETTINGS.gateGraceMillis());

    private final TopologyFixture executor = new TopologyFixture();

    @AfterEach
    void close() {
        executor.close();
    }

    /** Step 0 started and its gate due, then the executor is down for a minute and another one restores it. */
    private void gateDueWhileTheExecutorWasDown() {
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, executor.now, INTERVAL.toMillis(),
                WINDOW.toMillis(), BASELINE.toMillis(), 0, "s3://backup-bucket/spot-state/"));
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        executor.advance(BASELINE);
        assertThat(executor.payloads(RolloutStepStarted.class)).hasSize(1);
        executor.advance(WINDOW);
        executor.now = executor.now.plus(Duration.ofMinutes(1));
        executor.restart();
        assertThat(executor.state(PLAN).nextDueAt()).hasValueSatisfying(at -> assertThat(at).isBefore(executor.now));
    }

    @Test
    void verdictReadFromTheBacklogAfterARestartPassesTheGateInsteadOfTheDeadlineHoldingThePlan() {
        // Given a gate whose deadline passed while the executor was down, and a restarted one
        gateDueWhileTheExecutorWasDown();

        // When its first punctuations run before the verdict waiting in the backlog is read, then it is read
        executor.advance(TopologyFixture.TICK.multipliedBy(2));
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, 0, GateResult.PASS));
        executor.advance(TopologyFixture.TICK.multipliedBy(2));

        // Then the step passed and the next one started (its interval long over): no hold, no rollback on a verdict
        // called missing
        assertThat(executor.payloads(RolloutPaused.class)).isEmpty();
        assertThat(executor.payloads(RolledBack.class)).isEmpty();
        assertThat(executor.payloads(RolloutStepCompleted.class)).singleElement()
                .satisfies(c -> assertThat(c.getSpotPercent()).isEqualTo(25));
        assertThat(executor.payloads(RolloutStepStarted.class)).hasSize(2);
    }

    @Test
    void verdictStillMissingAGateGraceAfterTheRestartHoldsThePlan() {
        // Given a gate whose deadline passed while the executor was down, and a restarted one
        gateDueWhileTheExecutorWasDown();

        // When no verdict comes within a gate grace of the restart
        executor.advance(GATE_GRACE.plus(TopologyFixture.TICK));

        // Then the deadline fires as it would have: step back and hold, verdict missing
        assertThat(executor.payloads(RolloutPaused.class)).singleElement()
                .satisfies(p -> assertThat(String.valueOf(p.getReason().getCode())).isEqualTo("GATE_VERDICT_MISSING"));
    }
}
