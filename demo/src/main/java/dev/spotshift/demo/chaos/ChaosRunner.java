package dev.spotshift.demo.chaos;

import dev.spotshift.cloud.sim.CapacityCall;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Rounds of chaos over one stack: each round submits its plans, picks a scenario, waits for a seeded point and
 * injects one fault, then waits (bounded) for every plan to be final and reads the figures. Everything random comes
 * from one seed, printed, so a round can be run again.
 */
public final class ChaosRunner {

    /**
     * @param rounds       rounds to run; the faults are taken in turn
     * @param plansPerRound plans submitted together at the start of each round
     * @param roundBound   how long a plan may take before it counts as stuck
     * @param scenarios    whether rounds draw error-spike and interruption scenarios besides happy
     */
    public record Options(int rounds, long seed, List<Fault> faults, int plansPerRound, Duration roundBound,
                          boolean scenarios) {}

    private final DemoStack stack;
    private final Options options;
    private final Consumer<String> out;
    private final RoundCheck check;
    private final InfraBounce infra;
    private final Random random;
    private final SimulatedCloud account;

    public ChaosRunner(DemoStack stack, Options options, Consumer<String> out) {
        this.stack = stack;
        this.options = options;
        this.out = out;
        this.account = StackAccess.account(stack);
        this.check = new RoundCheck(stack, account);
        this.infra = new InfraBounce(stack.infra(), out);
        this.random = new Random(options.seed());
    }

    /** The service configuration a chaos stack needs: a reaper that looks often enough to be judged in a round. */
    public static Map<String, String> serviceConfig() {
        return Map.of("spotshift.executor.reaper-every", "5s", "spotshift.executor.reaper-grace", "10s");
    }

    public List<RoundResult> run() {
        List<RoundResult> results = new ArrayList<>();
        try {
            for (int round = 1; round <= options.rounds(); round++) {
                Fault fault = options.faults().get((round - 1) % options.faults().size());
                RoundResult r = round(round, fault);
                results.add(r);
                out.accept(ChaosTable.row(r));
            }
        } finally {
            infra.close();
            account.close();
        }
        return results;
    }

    private RoundResult round(int round, Fault fault) {
        long t0 = System.nanoTime();
        Scenario scenario = scenario(fault);
        MigrationStage expected = scenario.errorSpikeAtSpotPercent() >= 0 ? MigrationStage.ROLLED_BACK
                : MigrationStage.COMPLETED;
        long delay = fault.midRollout() ? random.nextInt(4_000) : random.nextInt(3_000);
        out.accept("round " + round + ": fault " + fault.label() + ", scenario " + scenario.name() + " (expect "
                + expected + "), " + options.plansPerRound() + " plans, fault " + delay + " ms after "
                + (fault.midRollout() ? "the first capacity change" : "submission"));
        stack.useScenario(scenario);
        Replicas replicas = null;
        String failure = null;
        if (fault == Fault.REPLICAS) {
            try {
                replicas = Replicas.start(stack, stack.options().readyTimeout(), out);
            } catch (RuntimeException e) {
                failure = "second instances did not start: " + e.getMessage();
            }
        }
        Instant start = Instant.now();
        List<ChaosPlans.Submitted> plans = ChaosPlans.submit(stack, account, round, options.plansPerRound());
        out.accept("  plans " + plans.stream().map(ChaosPlans.Submitted::planId).toList());
        List<Poison.Sent> poison = List.of();
        long faultAt = -1;
        try {
            if (fault.midRollout()) {
                Poll.until(options.roundBound(), Duration.ofMillis(100), () -> moved(plans, start), m -> m);
            }
            pause(delay);
            faultAt = Duration.between(start, Instant.now()).toMillis();
            if (replicas != null) {
                replicas.killOneOfEach(random);
            } else if (failure == null) {
                poison = inject(fault, round, plans);
            }
        } catch (RuntimeException e) {
            failure = "fault " + fault.label() + " could not be injected: " + e;
            out.accept("  " + failure);
        }
        Map<String, MigrationStatus> statuses = Poll.until(options.roundBound(), Duration.ofSeconds(2),
                () -> check.statuses(plans), s -> RoundCheck.allFinal(s, plans.size()));
        if (replicas != null) {
            replicas.close();
        }
        int asExpected = 0;
        int stuck = 0;
        int repeated = 0;
        int extra = 0;
        int replacements = 0;
        List<String> otherEnd = new ArrayList<>();
        List<CapacityCall> calls = calls(start);
        for (ChaosPlans.Submitted p : plans) {
            MigrationStatus s = statuses.get(p.planId());
            if (s == null || !s.getTerminal()) {
                stuck++;
                otherEnd.add(p.planId() + " stuck at " + (s == null ? "no status" : s.getStage() + " " + s.getSpotPercent()
                        + " % spot, reasons " + s.getReasons()));
            } else if (s.getStage() == expected) {
                asExpected++;
            } else {
                otherEnd.add(p.planId() + " " + s.getStage() + ": " + s.getReasons());
            }
            int handled = s == null ? 0 : s.getInterruptionsHandled();
            repeated += Ledger.repeatedShareChanges(calls, p.group());
            // The ledger shows what reached the account; the log what the executor says it launched.
            RoundCheck.Replacements logged = check.replacementEvents(p.planId());
            extra += Math.max(Ledger.extraReplacements(calls, p.planId(), p.group(), handled), logged.repeated());
            replacements += Math.max(Ledger.replacements(calls, p.planId(), p.group()), logged.launched());
        }
        int orphans = check.orphans(plans, Duration.ofSeconds(30));
        List<String> findings = check.auditFindings(plans);
        int auditsClean = plans.size() - (int) findings.stream().map(f -> f.substring(0, f.indexOf(':'))).distinct().count();
        List<DeadLetter> letters = new ArrayList<>();
        Map<String, Integer> deadLetters = check.deadLettersSince(start, letters);
        List<String> missed = RoundCheck.missed(poison, letters);
        otherEnd.forEach(o -> out.accept("  " + o));
        findings.forEach(f -> out.accept("  audit: " + f));
        if (!missed.isEmpty()) {
            // Poison no dead letter names: the logs of the services that read it say where it went.
            out.accept("  poison with no dead letter: " + missed);
        }
        if (!otherEnd.isEmpty() || !missed.isEmpty()) {
            // The evidence for whoever owns the cause: what each such plan went through, and the services' logs
            // (those of the processes running now, restarted ones included), kept past the stack's end.
            for (ChaosPlans.Submitted p : plans) {
                MigrationStatus s = statuses.get(p.planId());
                if (s == null || s.getStage() != expected) {
                    out.accept("  story of " + p.planId() + ":");
                    check.story(p.planId()).forEach(line -> out.accept("    " + line));
                }
            }
            stack.keepLogs();
            out.accept("  logs kept: " + stack.services().values().stream().filter(s -> s.process() != null)
                    .map(s -> s.name() + " " + s.process().logFile()).toList());
        }
        return new RoundResult(round, fault, faultAt, scenario.name(), plans.size(), asExpected, stuck,
                List.copyOf(otherEnd), repeated, extra, replacements, deadLetters, poison.size(), missed, orphans,
                auditsClean, findings, check.servicesDown(), Duration.ofNanos(System.nanoTime() - t0).toSeconds(),
                failure);
    }

    /** Most rounds run the happy path; some an interruption (replacements) or an error spike (rollback). */
    private Scenario scenario(Fault fault) {
        if (!options.scenarios()) {
            return Scenario.HAPPY;
        }
        int draw = random.nextInt(10);
        return draw < 6 ? Scenario.HAPPY : draw < 8 ? Scenario.INTERRUPTION : Scenario.ERROR_SPIKE;
    }

    private List<Poison.Sent> inject(Fault fault, int round, List<ChaosPlans.Submitted> plans) {
        switch (fault) {
            case BROKER -> infra.bounceBroker(Duration.ofMillis(3_000 + random.nextInt(7_000)));
            case REGISTRY -> infra.bounceRegistry(Duration.ofMillis(3_000 + random.nextInt(7_000)));
            case POISON -> {
                Poison.Outcome o = Poison.send(stack.bootstrapServers(), round,
                        plans.stream().map(ChaosPlans.Submitted::planId).toList());
                out.accept("  " + o.sent().size() + " poison records sent, " + o.refused().size() + " refused by the broker");
                o.refused().forEach(r -> out.accept("    refused: " + r.topic() + " " + r.key() + " (" + r.kind() + "): " + r.why()));
                return o.sent();
            }
            default -> {
                stack.crash(fault.service());
                DemoStack.ServiceState again = stack.restart(fault.service());
                if (!again.ready()) {
                    throw new IllegalStateException(fault.service() + " did not come back: " + again.problem());
                }
            }
        }
        return List.of();
    }

    private boolean moved(List<ChaosPlans.Submitted> plans, Instant since) {
        List<CapacityCall> calls = calls(since);
        return plans.stream().anyMatch(p -> Ledger.shareChanges(calls, p.group()) > 0);
    }

    private List<CapacityCall> calls(Instant since) {
        return account.calls().stream().filter(c -> !c.at().isBefore(since)).toList();
    }

    /** The fault's seeded point in time. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
