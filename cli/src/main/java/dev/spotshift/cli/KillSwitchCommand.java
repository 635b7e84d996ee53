package dev.spotshift.cli;

import dev.spotshift.events.KillSwitch;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "kill-switch", mixinStandardHelpOptions = true,
        description = {"on: no new shift starts and running ones go back to on-demand.", "off: release it."})
public final class KillSwitchCommand implements Callable<Integer> {

    /** The switch is global, not a plan's: one key on its compacted topic, so its latest value is the state. */
    public static final String KEY = Topics.KILL_SWITCH_KEY;

    enum State { on, off }

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "on|off", description = "on or off")
    State state;

    @Option(names = "--reason", description = "Why, for the audit trail.")
    String reason;

    @Override
    public Integer call() {
        connection.requireReachable();
        KillSwitch event = event(state == State.on, connection.identity(), reason, Clock.systemUTC());
        try (EventPublisher publisher = new EventPublisher(connection)) {
            publisher.send(Topics.KILL_SWITCH, KEY, event);
        }
        spec.commandLine().getOut().println("kill switch " + (event.getEngaged() ? "ENGAGED" : "released")
                + " (event " + event.getEnvelope().getEventId() + ")");
        return ExitCodes.OK;
    }

    public static KillSwitch event(boolean engaged, String operator, String reason, Clock clock) {
        return KillSwitch.newBuilder()
                .setEnvelope(Envelopes.next(KEY, Submissions.PRODUCER, null, clock))
                .setEngaged(engaged)
                .setOperator(operator)
                .setReason(reason)
                .build();
    }
}
