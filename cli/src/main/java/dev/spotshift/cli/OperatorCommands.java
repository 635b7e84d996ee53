package dev.spotshift.cli;

import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A person acting on one migration: each is an OperatorCommand event the executor answers (RETRY: the monitor and
 * the coordinator too, each lifting its own quarantine of the plan).
 */
public final class OperatorCommands {

    private OperatorCommands() {}

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Parameters(index = "0", paramLabel = "PLAN", description = "the planId")
        String planId;

        @Option(names = "--reason", description = "Why, for the audit trail.")
        String reason;

        @Option(names = "--json", description = "Print the sent command as JSON.")
        boolean json;

        abstract OperatorAction action();

        Integer gate() {
            return null;
        }

        @Override
        public Integer call() {
            connection.requireReachable();
            Plans.requireKnown(connection, planId, spec.commandLine().getErr());
            OperatorCommand cmd = command(planId, action(), gate(), connection.identity(), reason,
                    Clock.systemUTC());
            try (EventPublisher publisher = new EventPublisher(connection)) {
                publisher.send(Topics.OPERATOR_COMMANDS, planId, cmd);
            }
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(Map.of("planId", planId, "action", action().name(),
                        "eventId", cmd.getEnvelope().getEventId())));
            } else {
                out.println(action() + (gate() == null ? "" : " gate " + gate()) + " sent for " + planId
                        + " (event " + cmd.getEnvelope().getEventId() + "); follow it with: spotshift watch " + planId);
            }
            return ExitCodes.OK;
        }
    }

    public static OperatorCommand command(String planId, OperatorAction action, Integer gate, String operator,
                                          String reason, Clock clock) {
        return OperatorCommand.newBuilder()
                .setEnvelope(Envelopes.next(planId, Submissions.PRODUCER, null, clock))
                .setAction(action)
                .setGateStepIndex(gate)
                .setOperator(operator)
                .setReason(reason)
                .build();
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Stop the migration and put its capacity back on on-demand.")
    static final class Abort extends Base {
        @Override
        OperatorAction action() { return OperatorAction.ABORT; }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Hold the migration at its current step.")
    static final class Pause extends Base {
        @Override
        OperatorAction action() { return OperatorAction.PAUSE; }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Continue a paused migration.")
    static final class Resume extends Base {
        @Override
        OperatorAction action() { return OperatorAction.RESUME; }
    }

    @Command(name = "failover", mixinStandardHelpOptions = true,
            description = "Move the migration's spot share to its backup region's group now (after that group's "
                    + "pre-flight and gate), the primary back on on-demand; `spotshift resume PLAN` fails back. The "
                    + "executor refuses it, with the reason in the plan's status, when the plan has no backup group or "
                    + "is not on spot with a passed step.")
    static final class Failover extends Base {
        @Override
        OperatorAction action() { return OperatorAction.FAILOVER; }

        @Override
        public Integer call() {
            if (reason == null || reason.isBlank()) {
                // Moving capacity across regions is worth a sentence in the audit trail.
                throw new CliException(ExitCodes.USAGE, "failover needs --reason (why the primary region is left)");
            }
            return super.call();
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Lift a quarantine (the status's QUARANTINED reason) and judge the plan again, once its cause is "
                    + "fixed; then re-drive its dead letters with `spotshift dead-letters --redrive`.")
    static final class Retry extends Base {
        @Override
        OperatorAction action() { return OperatorAction.RETRY; }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a manual gate (the plan's rollout.manualGates) so the rollout goes on.")
    static final class Approve extends Base {
        @Parameters(index = "1", paramLabel = "GATE", description = "the gate's step index (0-based, as in manualGates)")
        int gateIndex;

        @Override
        OperatorAction action() { return OperatorAction.APPROVE_GATE; }

        @Override
        Integer gate() {
            if (gateIndex < 0) {
                throw new CliException(ExitCodes.USAGE, "GATE must be a step index >= 0, was " + gateIndex);
            }
            return gateIndex;
        }
    }
}
