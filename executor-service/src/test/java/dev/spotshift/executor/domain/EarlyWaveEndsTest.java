package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A wave's end read before the waiting plan's decision is kept, and applied in order once the decision comes. */
class EarlyWaveEndsTest {

    private static final Instant T0 = RolloutScenario.T0;

    @Test
    void keepsEndsForAPlanWithoutStateAndReadsThemBackInOrder() {
        // Given two ends of the wave before, read while the plan has no state yet
        Input.WaveFinished first = new Input.WaveFinished("e1", "wave-1-a", Stage.COMPLETED);
        Input.WaveFinished second = new Input.WaveFinished("e2", "wave-1-b", Stage.ROLLED_BACK);
        assertThat(EarlyWaveEnds.kept(first, null)).isTrue();

        // When both are kept
        String kept = EarlyWaveEnds.add(EarlyWaveEnds.add(null, first), second);

        // Then they read back as they came
        assertThat(EarlyWaveEnds.read(kept)).containsExactly(first, second);
    }

    @Test
    void appliesKeptEndsOnlyWhenTheDecisionHasJustMadeAPlanThatWaitsForItsWave() {
        // Given a plan its decision has just made, waiting for the wave before (APPROVED), and one that starts at once
        PlanSpec plan = Plans.pilot();
        RolloutState waiting = new RolloutState(plan, "d", plan.stepsHash(), null, new Progress(Stage.APPROVED, T0, -1, 0),
                StepGate.NONE, Holding.NONE, List.of(), Dedupe.NONE, Readings.NONE, null, null, null);
        RolloutState starting = RolloutState.initial(plan, "d", T0);
        Input decision = new Input.PlanApproved("d", plan);

        // Then only the waiting plan's kept ends are due, and only on the decision that made it
        assertThat(EarlyWaveEnds.due(decision, null, waiting)).isTrue();
        assertThat(EarlyWaveEnds.due(decision, null, starting)).isFalse();
        assertThat(EarlyWaveEnds.due(decision, waiting, waiting)).isFalse();
        // and an end for a plan that already has state is applied, not kept
        assertThat(EarlyWaveEnds.kept(new Input.WaveFinished("e1", "wave-1-a", Stage.COMPLETED), waiting)).isFalse();
    }
}
