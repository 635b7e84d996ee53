package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Drives one plan through the machine with an advancing clock, firing timers at their due times. */
final class RolloutScenario {

    static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");
    static final Settings SETTINGS = new Settings(5_000, 60_000, 1, 100);

    private final RolloutMachine machine;

    RolloutScenario() {
        this(SETTINGS);
    }

    RolloutScenario(Settings settings) {
        this.machine = new RolloutMachine(settings);
    }
    final List<Command> commands = new ArrayList<>();
    RolloutState state;
    Instant now = T0;
    Transition last;

    /** Share changes and restores are answered as carried out at once (the actuator's part), unless a test says not. */
    boolean answerShares = true;

    RolloutScenario apply(Input input) {
        Transition t = machine.apply(state, input, now);
        last = t;
        state = t.state();
        commands.addAll(t.commands());
        if (answerShares) {
            for (Command c : t.commands()) {
                if (c instanceof Command.SetSpotShare s) {
                    apply(new Input.CloudAnswered(id(), s.commandId(), new Input.ShareApplied(s.spotPercent(), true, 0)));
                } else if (c instanceof Command.RestoreGroup r) {
                    apply(new Input.CloudAnswered(id(), r.commandId(), new Input.ShareApplied(0, true, 0)));
                }
            }
            last = t;
        }
        return this;
    }

    /** The id of the last command of the given kind the plan sent. */
    <C extends Command.CloudAction> C lastCommand(Class<C> kind) {
        C found = null;
        for (Command c : commands) {
            if (kind.isInstance(c)) {
                found = kind.cast(c);
            }
        }
        return found;
    }

    /** Moves the clock, firing every timer that falls due on the way, each at its own due time. */
    RolloutScenario advance(long millis) {
        Instant target = now.plusMillis(millis);
        while (state != null && state.nextDueAt().filter(due -> !due.isAfter(target)).isPresent()) {
            now = state.nextDueAt().get();
            apply(new Input.Tick());
        }
        now = target;
        return this;
    }

    // --- inputs, as the other services would send them

    RolloutScenario approved(PlanSpec plan) {
        return apply(new Input.PlanApproved(id(), plan));
    }

    /** The group the plan's own pre-flight reads (null: none read, as most scenarios need no snapshot). */
    GroupSnapshot groupRead;

    RolloutScenario probes(List<PreflightCheck> checks) {
        return apply(new Input.ProbesCompleted(checks, groupRead));
    }

    RolloutScenario metric(boolean shadow, int jobs, int failed, int mismatches) {
        return apply(new Input.MetricObserved(id(), shadow, jobs, failed, 500_000, 50.0, 20_000L * jobs,
                60_000L * jobs, 10_000, mismatches));
    }

    RolloutScenario servingMetric() {
        return metric(false, 10, 0, 0);
    }

    RolloutScenario verdict(int step, GateResult result, String... reasons) {
        return apply(new Input.VerdictReceived(id(), step, result, List.of(reasons)));
    }

    /** The monitor's verdict on the success criteria at the end of the validation period. */
    RolloutScenario criteria(GateResult result, String... reasons) {
        return apply(new Input.CriteriaJudged(id(), result, List.of(reasons)));
    }

    /** The monitor's verdict on the shadow criteria at the end of the shadow run. */
    RolloutScenario shadowCriteria(GateResult result, String... reasons) {
        return apply(new Input.CriteriaJudged(id(), result, List.of(reasons), Input.CriteriaJudged.Period.SHADOW_RUN));
    }

    RolloutScenario rollback(String commandId, RollbackLevel level, RollbackTrigger trigger) {
        return apply(new Input.RollbackOrdered(id(), commandId, level, trigger, trigger + " breached"));
    }

    RolloutScenario operator(OperatorAction action, Integer gate) {
        return apply(new Input.OperatorActed(id(), action, gate, "alice", "test"));
    }

    RolloutScenario killSwitch(boolean engaged) {
        return apply(new Input.KillSwitchChanged(id(), engaged, "ops", "incident"));
    }

    /** Approved, probes and monitoring passed, baseline window over: the first step has just started. */
    RolloutScenario atFirstStep(PlanSpec plan) {
        approved(plan).probes(Plans.allProbesPass()).servingMetric().advance(plan.baselineWindowMillis());
        assertThat(state.stage()).isEqualTo(Stage.SHIFTING);
        return this;
    }

    /** Passes gates up to (not including) {@code step}, waiting out each interval: {@code step} has just started. */
    RolloutScenario atStep(PlanSpec plan, int step) {
        atFirstStep(plan);
        for (int i = 0; i < step; i++) {
            advance(plan.validationWindowMillis()).verdict(i, GateResult.PASS)
                    .advance(plan.stepIntervalMillis() - plan.validationWindowMillis());
        }
        assertThat(state.gate().step()).isEqualTo(step);
        return this;
    }

    // --- what came out

    List<Integer> spotShares() {
        return commands.stream().filter(c -> c instanceof Command.SetSpotShare)
                .map(c -> ((Command.SetSpotShare) c).spotPercent()).toList();
    }

    List<Command.Publish> publishes() {
        return commands.stream().filter(c -> c instanceof Command.Publish).map(c -> (Command.Publish) c).toList();
    }

    <T extends Payload> List<T> published(Class<T> type) {
        return publishes().stream().map(Command.Publish::payload).filter(type::isInstance).map(type::cast).toList();
    }

    Command.Publish lastPublish() {
        List<Command.Publish> all = publishes();
        return all.get(all.size() - 1);
    }

    RolloutScenario forgetOutput() {
        commands.clear();
        return this;
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    /** The spot shares the plan asked of the group in {@code region}, in order. */
    List<Command.SetSpotShare> shares(String region) {
        return commands.stream().filter(Command.SetSpotShare.class::isInstance).map(Command.SetSpotShare.class::cast)
                .filter(s -> s.region().equals(region)).toList();
    }

    /** The group restores the plan asked of {@code region}, in order. */
    List<Command.RestoreGroup> restores(String region) {
        return commands.stream().filter(Command.RestoreGroup.class::isInstance).map(Command.RestoreGroup.class::cast)
                .filter(r -> r.region().equals(region)).toList();
    }

    /** Every market check for {@code minutes} reads {@code types} healthy (variation 5 %, no interruptions, spot capacity placement score 9). */
    RolloutScenario healthyMarketFor(List<String> types, int minutes) {
        long check = SETTINGS.spot().marketCheckMillis();
        for (int i = 0; i < minutes * 60_000L / check; i++) {
            int before = commands.size();
            advance(check);
            if (commands.subList(before, commands.size()).stream().anyMatch(Command.ReadMarket.class::isInstance)) {
                apply(new Input.MarketRead(types.stream().map(t -> new Input.TypeHealth(t, 5.0, 0.0)).toList(), 9));
            }
        }
        return this;
    }
}
