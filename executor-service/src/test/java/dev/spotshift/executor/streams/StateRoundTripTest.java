package dev.spotshift.executor.streams;

import dev.spotshift.executor.state.StateSerde;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.executor.domain.Command;
import dev.spotshift.executor.domain.GateResult;
import dev.spotshift.executor.domain.Input;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.RollbackLevel;
import dev.spotshift.executor.domain.RollbackTrigger;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor keeps the states it wrote and hands them to the next input of the plan instead of decoding the
 * store again: that is only the same behaviour if a state reads back from its stored bytes exactly as it was written.
 */
class StateRoundTripTest {

    private static final Instant T0 = TopologyFixture.T0;

    private final SimulatedCloud cloud = new SimulatedCloud(42, new SimClock(T0));
    private final RolloutMachine machine = new RolloutMachine(TopologyFixture.SETTINGS);
    private final List<RolloutState> states = new ArrayList<>();
    private RolloutState state;
    private Instant now = T0;
    private int ids;

    @AfterEach
    void close() {
        cloud.close();
    }

    /** Applies the input, then, as the actuator would, carries out its cloud actions and applies their outcomes. */
    private void apply(Input input) {
        var t = machine.apply(state, input, now);
        state = t.state();
        states.add(state);
        for (Command c : t.commands()) {
            if (c instanceof Command.CloudAction a) {
                var command = CloudCommandMapping.toCommand(state.planId(), a, false, "test", now, "test", null, null);
                CloudCommandMapping.toInput(new CloudActions(cloud, 3, "test").carryOut(command))
                        .ifPresent(this::apply);
            }
        }
    }

    /** Moves the clock, firing the plan's timers at their due times. */
    private void advance(long millis) {
        Instant target = now.plusMillis(millis);
        while (state.nextDueAt().filter(at -> !at.isAfter(target)).isPresent()) {
            now = state.nextDueAt().get();
            apply(new Input.Tick());
        }
        now = target;
    }

    private String id() {
        return "event-" + ++ids;
    }

    @Test
    void everyStateOfARolloutReadsBackFromItsStoreFormatAsItWasWritten() {
        cloud.capacity().createGroup(ContractEvents.REGION, ContractEvents.GROUP, 1, 2, 1,
                new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, ContractEvents.TYPES));
        PlanSpec plan = InboundMapping.plan(ContractEvents.approved("plan-rt", T0, 10_000, 5_000, 3_000, 4_000,
                "s3://backup-bucket/spot-state/"));

        apply(new Input.PlanApproved(id(), plan));
        apply(new Input.MetricObserved(id(), false, 10, 1, 500_000, 51.5, 200_000, 600_000, 10_000, 0));
        advance(3_500);
        advance(5_000);
        apply(new Input.VerdictReceived(id(), 0, GateResult.PASS, List.of("ok")));
        advance(5_000);
        apply(new Input.KillSwitchChanged(id(), true, "ops", "incident"));
        apply(new Input.KillSwitchChanged(id(), false, "ops", "over"));
        apply(new Input.RollbackOrdered(id(), "plan-rt:ERROR_RATE:1", RollbackLevel.FULL, RollbackTrigger.ERROR_RATE,
                "error rate breached"));

        assertThat(states).extracting(RolloutState::stage).contains(Stage.BASELINE, Stage.SHIFTING, Stage.PAUSED,
                Stage.ROLLED_BACK);
        var serde = StateSerde.rollouts();
        assertThat(states).allSatisfy(s -> assertThat(serde.deserializer().deserialize("t",
                serde.serializer().serialize("t", s))).isEqualTo(s));
    }
}
