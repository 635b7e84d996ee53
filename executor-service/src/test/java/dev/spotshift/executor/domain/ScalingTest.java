package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Seed 001's autoscaling rules travel with every step toward spot, and never with the way back. */
class ScalingTest {

    private static final Scaling SEED_001 = new Scaling(1, 2, 75.0, 600_000, 30.0, 1_200_000);
    private final RolloutScenario run = new RolloutScenario();

    private static PlanSpec withScaling(Scaling scaling) {
        PlanSpec p = Plans.pilot();
        return p.toBuilder().scaling(scaling).build();
    }

    @Test
    void givenAPlanWithScalingRulesWhenTheFirstStepStartsThenItsShareCarriesTheRules() {
        run.atFirstStep(withScaling(SEED_001));
        Command.SetSpotShare first = run.lastCommand(Command.SetSpotShare.class);
        assertThat(first.spotPercent()).isEqualTo(25);
        assertThat(first.scaling()).isEqualTo(SEED_001);
    }

    @Test
    void givenAPlanWithScalingRulesWhenAStepIsRolledBackToZeroThenTheWayBackCarriesNoRules() {
        run.atFirstStep(withScaling(SEED_001));
        run.rollback("cmd-phase", RollbackLevel.PHASE, RollbackTrigger.PERFORMANCE_DEGRADATION);
        Command.SetSpotShare back = run.lastCommand(Command.SetSpotShare.class);
        assertThat(back.spotPercent()).isZero();
        assertThat(back.scaling()).isNull();
    }

    @Test
    void givenAPlanWithoutScalingRulesWhenItStepsThenNoRulesAreSent() {
        run.atFirstStep(Plans.pilot());
        assertThat(run.lastCommand(Command.SetSpotShare.class).scaling()).isNull();
        assertThat(Plans.pilot().scaling()).isNull();
    }
}
