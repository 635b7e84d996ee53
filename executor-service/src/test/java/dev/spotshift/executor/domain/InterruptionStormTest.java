package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterruptionStormTest {

    private final RolloutScenario run = new RolloutScenario();

    private void warn(String instance, String type, String zone) {
        run.apply(new Input.InterruptionWarned(RolloutScenario.id(), true, instance, type, zone, run.now,
                run.now.plusSeconds(120)));
    }

    @Test
    void singleInterruptionIsNoStorm() {
        // Given a plan at 50 % spot
        run.atStep(Plans.pilot(), 1).forgetOutput();

        // When one warning arrives
        warn("i-1", "m5.large", "us-east-1a");

        // Then no type leaves the policy
        assertThat(run.state.spot().droppedTypes()).isEmpty();
    }

    @Test
    void stormInOnePoolTakesItsTypeOutOfThePolicyAtTheSameShare() {
        // Given a plan at 50 % spot
        run.atStep(Plans.pilot(), 1).forgetOutput();

        // When two warnings hit the same pool within the window
        warn("i-1", "m5.large", "us-east-1a");
        run.now = run.now.plusSeconds(10);
        warn("i-2", "m5.large", "us-east-1a");

        // Then m5.large is out of the policy, the share stays, the plan keeps shifting
        assertThat(run.state.spot().droppedTypes()).containsExactly("m5.large");
        Command.SetSpotShare share = run.commands.stream().filter(c -> c instanceof Command.SetSpotShare)
                .map(c -> (Command.SetSpotShare) c).reduce((a, b) -> b).orElseThrow();
        assertThat(share.spotPercent()).isEqualTo(50);
        assertThat(share.instanceTypes()).containsExactly("m5a.large", "m5n.large");
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
    }

    @Test
    void stormInEveryPoolRollsBackToOnDemandWithTheReason() {
        // Given a plan at 50 % spot
        run.atStep(Plans.pilot(), 1).forgetOutput();

        // When every type's pool storms
        int n = 0;
        for (String type : List.of("m5.large", "m5a.large", "m5n.large")) {
            warn("i-" + n++, type, "us-east-1a");
            warn("i-" + n++, type, "us-east-1a");
        }

        // Then the plan is on-demand, held for the storm, resumable
        assertThat(run.published(Payload.RolledBack.class)).singleElement().satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(RollbackTrigger.INTERRUPTION_STORM);
            assertThat(r.toSpotPercent()).isZero();
        });
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.pausedBy(PauseCondition.Reason.INTERRUPTION_STORM)).isTrue();
        assertThat(run.state.spotPercent()).isZero();
        assertThat(run.state.timers()).anyMatch(t -> t.kind() == Timer.Kind.MARKET_CHECK);
    }

    @Test
    void warningsOutsideTheWindowDoNotAddUp() {
        // Given a plan at 50 % spot and one warning
        run.atStep(Plans.pilot(), 1).forgetOutput();
        warn("i-1", "m5.large", "us-east-1a");

        // When the next one in that pool comes after the window
        run.now = run.now.plusMillis(RolloutScenario.SETTINGS.spot().stormWindowMillis() + 1);
        warn("i-2", "m5.large", "us-east-1a");

        // Then no storm is seen
        assertThat(run.state.spot().droppedTypes()).isEmpty();
    }
}
