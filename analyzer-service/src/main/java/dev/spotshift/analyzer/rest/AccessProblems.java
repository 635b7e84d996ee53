package dev.spotshift.analyzer.rest;

import dev.spotshift.schemas.access.DoorRefusals;
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

    /** The door's name on the refusal meters and logs. */
    public static final String DOOR = "analyzer";

    @Inject
    MeterRegistry meters;

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(HttpServerRequest request) {
        SocketAddress from = request.remoteAddress();
        return DoorRefusals.of(DOOR).unauthenticated(meters, from == null ? null : from.hostAddress(),
                request.method().name(), request.path());
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(HttpServerRequest request) {
        String principal = identity.isAnonymous() ? DoorRefusals.ANONYMOUS : identity.getPrincipal().getName();
        return DoorRefusals.of(DOOR).forbidden(meters, principal, request.method().name(), request.path(),
                "the token's groups claim lacks the role this operation needs");
    }
}
