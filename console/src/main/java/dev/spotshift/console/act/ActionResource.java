package dev.spotshift.console.act;

import dev.spotshift.console.domain.Board;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.access.RestAccess;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The console's operator actions: the same OperatorCommand events as
 * {@code spotshift pause|resume|abort|approve|retry|failover},
 * behind the REST doors' bearer JWT and the {@code spotshift-operate} role (RestAccess). The operator recorded with
 * the command is the token's subject, never something the request says. Reads stay open (the pages show what the
 * topics already say); only these writes need a token.
 */
@Path("/api/plans/{planId}/actions/{action}")
public class ActionResource {

    static final String PRODUCER = "spotshift-console/0.1.0";

    /** What a person may ask for here, by the path's name. */
    static final Map<String, OperatorAction> ACTIONS = Map.of("pause", OperatorAction.PAUSE,
            "resume", OperatorAction.RESUME, "abort", OperatorAction.ABORT, "approve", OperatorAction.APPROVE_GATE,
            "retry", OperatorAction.RETRY, "failover", OperatorAction.FAILOVER);

    private final Board board;
    private final CommandSender sender;
    private final Clock clock = Clock.systemUTC();

    public ActionResource(Board board, CommandSender sender) {
        this.board = board;
        this.sender = sender;
    }

    /** The request body: why (for the audit trail) and, for approve, the gate's step index as in manualGates. */
    public record ActionRequest(String reason, Integer gate) {}

    @POST
    @Blocking
    @RolesAllowed(RestAccess.OPERATE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response act(@PathParam("planId") String planId, @PathParam("action") String name, ActionRequest body,
                        @Context SecurityContext security) {
        String instance = "/api/plans/" + planId + "/actions/" + name;
        OperatorAction action = ACTIONS.get(name.toLowerCase(Locale.ROOT));
        if (action == null) {
            return Problems.of("unknown-action", "No such action", 404, "action '" + name + "' is not one of "
                    + new java.util.TreeSet<>(ACTIONS.keySet()), instance);
        }
        if (board.plan(planId).isEmpty()) {
            return Problems.of("not-found", "No such migration", 404, "the console knows no plan " + planId, instance);
        }
        Integer gate = body == null ? null : body.gate();
        if (action == OperatorAction.APPROVE_GATE && (gate == null || gate < 0)) {
            return Problems.of("invalid-request", "The gate to approve is missing", 400,
                    "gate: approve needs the gate's step index (>= 0, as in the plan's rollout.manualGates), was "
                            + gate, instance);
        }
        if (action == OperatorAction.FAILOVER && (body == null || body.reason() == null || body.reason().isBlank())) {
            // moving a plan's spot share to another region is a deliberate act: the audit must say why, as on the CLI
            return Problems.of("invalid-request", "The reason for the failover is missing", 400,
                    "reason: a failover to the backup region needs a reason", instance);
        }
        String operator = security.getUserPrincipal().getName();
        String reason = body == null || body.reason() == null || body.reason().isBlank() ? "from the console" : body.reason();
        OperatorCommand command = OperatorCommand.newBuilder()
                .setEnvelope(Envelopes.next(planId, PRODUCER, null, clock))
                .setAction(action)
                .setGateStepIndex(action == OperatorAction.APPROVE_GATE ? gate : null)
                .setOperator(operator)
                .setReason(reason)
                .build();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("planId", planId);
        answer.put("action", action.name());
        answer.put("gate", command.getGateStepIndex());
        // smallrye-jwt's principal is the verified token itself: its raw form is the proof the command travels with
        String token = security.getUserPrincipal() instanceof JsonWebToken jwt ? jwt.getRawToken() : null;
        return sender.deliver(command, token, instance, answer);
    }
}
