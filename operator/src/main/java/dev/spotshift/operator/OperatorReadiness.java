package dev.spotshift.operator;

import dev.spotshift.operator.kafka.StatusBoard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once migration-status has been read whole: before that a status written back could go backwards. */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {

    private final StatusBoard board;
    private final OperatorLifecycle lifecycle;

    public OperatorReadiness(StatusBoard board, OperatorLifecycle lifecycle) {
        this.board = board;
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("migration-plan-operator")
                .status(board.alive() && board.caughtUp() && lifecycle.running())
                .withData("migrationStatusRead", board.caughtUp())
                .withData("plansKnown", board.all().size())
                .build();
    }
}
