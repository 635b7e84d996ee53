package dev.spotshift.analyzer;

import dev.spotshift.schemas.access.DoorRefusals;
import dev.spotshift.schemas.rest.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refusals at the door as RFC 9457 problems like every other answer: 401 with the bearer challenge when no
 * valid token came (none, a bad signature, another issuer, expired), 403 when the token lacks the role.
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}) so a bad token reaches these mappers.
 * Each refusal is counted and logged once per caller by the doors' shared {@link DoorRefusals}.
 */
public class AccessProblems {

    static final String DOOR = "analyzer";

    @Inject
    MeterRegistry meters;

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(HttpServerRequest request) {
        SocketAddress from = request.remoteAddress();
        DoorRefusals.of(DOOR).refused(meters, DoorRefusals.UNAUTHENTICATED, DoorRefusals.ANONYMOUS,
                "address:" + (from == null ? "unknown" : from.hostAddress()), request.method().name(), request.path());
        return Problem.of("unauthenticated", "A valid bearer token is required", 401,
                        "send Authorization: Bearer <JWT> signed by the configured issuer", request.path())
                .response().header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(HttpServerRequest request) {
        String principal = identity.isAnonymous() ? DoorRefusals.ANONYMOUS : identity.getPrincipal().getName();
        DoorRefusals.of(DOOR).refused(meters, DoorRefusals.FORBIDDEN, principal, "principal:" + principal,
                request.method().name(), request.path());
        return Problem.of("forbidden", "The token's roles do not allow this", 403,
                "the token's groups claim lacks the role this operation needs", request.path()).response().build();
    }
}
