package dev.spotshift.console.act;

import dev.spotshift.events.KillSwitch;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.RestAccess;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kill switch from the console: the same KillSwitch event as {@code spotshift kill-switch on|off}, behind the same
 * bearer JWT and {@code spotshift-operate} role as the plan actions. The operator recorded with the flip is the token's
 * subject, never something the request says, so the audit timeline and the console's list say who flipped it.
 */
@Path("/api/kill-switch")
public class KillSwitchResource {

    private static final String INSTANCE = "/api/kill-switch";

    private final CommandSender sender;
    private final Clock clock = Clock.systemUTC();

    public KillSwitchResource(CommandSender sender) {
        this.sender = sender;
    }

    /** The request body: engage (true) or release (false), and why, for the audit trail. */
    public record FlipRequest(Boolean engaged, String reason) {}

    @POST
    @Blocking
    @RolesAllowed(RestAccess.OPERATE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response flip(FlipRequest body, @Context SecurityContext security) {
        if (body == null || body.engaged() == null) {
            return Problems.of("invalid-request", "Engage or release?", 400,
                    "engaged: true (engage the kill switch) or false (release it) is required, was "
                            + (body == null ? "no body" : "missing"), INSTANCE);
        }
        String operator = security.getUserPrincipal().getName();
        String reason = body.reason() == null || body.reason().isBlank() ? "from the console" : body.reason();
        KillSwitch flip = KillSwitch.newBuilder()
                .setEnvelope(Envelopes.next(Topics.KILL_SWITCH_KEY, ActionResource.PRODUCER, null, clock))
                .setEngaged(body.engaged())
                .setOperator(operator)
                .setReason(reason)
                .build();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("engaged", body.engaged());
        answer.put("reason", reason);
        return sender.deliver(flip, INSTANCE, answer);
    }
}
