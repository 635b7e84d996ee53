package dev.spotshift.console.act;

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
 * The actions' refusals as RFC 9457 problems, built by the doors' one {@link Problem} builder, so a client handles
 * every Spotshift door one way. Authentication is lazy ({@code quarkus.http.auth.proactive=false}),
 * so a missing or bad token reaches these mappers. Each refusal is counted and logged once per caller by the doors'
 * shared {@link DoorRefusals}.
 */
public class Problems {

    static final String DOOR = "console";

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
                "operator actions need the spotshift-operate role in the token's groups claim");
    }

    static Response of(String slug, String title, int status, String detail, String instance) {
        return Problem.of(slug, title, status, detail, instance).response().build();
    }
}
