package dev.spotshift.demo;

import dev.spotshift.cli.Connection;
import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.OperatorCommands;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.schemas.Topics;
import java.time.Clock;

/** States a scenario can end in that are not final, and what the demo does about them. */
final class ScenarioEnd {

    static final String DEMO_OPERATOR = "spotshift-demo";

    private ScenarioEnd() {}

    /** Stepped all the way back to on-demand by gradual triggers and holding: waits for an operator. */
    static boolean heldOnOnDemand(MigrationStatus s) {
        return s != null && s.getStage() == MigrationStage.PAUSED && s.getSpotPercent() == 0 && s.getRollbacks() > 0;
    }

    static void abort(Connection connection, String planId, String reason) {
        // the demo's abort carries a token of the stack's issuer, as a person's would: the executor checks who sent it
        String token = dev.spotshift.infra.RestIssuer.shared().token(DEMO_OPERATOR, java.time.Duration.ofMinutes(10),
                java.util.List.of(dev.spotshift.schemas.access.RestAccess.OPERATE));
        try (EventPublisher p = new EventPublisher(connection.withToken(token))) {
            p.send(Topics.OPERATOR_COMMANDS, planId,
                    OperatorCommands.command(planId, OperatorAction.ABORT, null, DEMO_OPERATOR, reason, Clock.systemUTC()));
        }
    }
}
