package dev.spotshift.analyzer;

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
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refusals at the door as RFC 9457 problems like every other answer: 401 with the bearer challenge when no
 * valid token came (none, a bad signature, another issuer, expired), 403 when the token lacks the role.
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}) so a bad token reaches these mappers.
 * Each refusal is counted ({@code spotshift_rest_refusals_total{reason}}) and logged once per caller: a
 * misconfigured client retrying all night leaves one line, not thousands.
 */
public class AccessProblems {

    static final String METER = "spotshift.rest.refusals";
    private static final Logger LOG = Logger.getLogger(AccessProblems.class);

    @Inject
    MeterRegistry meters;

    @Inject
    SecurityIdentity identity;

    @Inject
    RefusalLog refusals;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(HttpServerRequest request) {
        SocketAddress from = request.remoteAddress();
        refused("unauthenticated", "address:" + (from == null ? "unknown" : from.hostAddress()), request);
        return Problem.of("unauthenticated", "A valid bearer token is required", 401,
                        "send Authorization: Bearer <JWT> signed by the configured issuer", request.path())
                .response().header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(HttpServerRequest request) {
        refused("forbidden", "principal:" + (identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName()), request);
        return Problem.of("forbidden", "The token's roles do not allow this", 403,
                "the token's groups claim lacks the role this operation needs", request.path()).response().build();
    }

    private void refused(String reason, String caller, HttpServerRequest request) {
        meters.counter(METER, "reason", reason).increment();
        if (refusals.first(reason, caller)) {
            LOG.warnf("refused %s %s: %s (logged once per caller)", request.method(), request.path(), reason + " " + caller);
        }
    }
}
