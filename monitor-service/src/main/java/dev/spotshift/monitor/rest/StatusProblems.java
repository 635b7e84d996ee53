package dev.spotshift.monitor.rest;

import dev.spotshift.schemas.rest.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The status read answers its refusals and misses as RFC 9457 problems, with the same types as the analyzer's
 * door ({@code urn:spotshift:problem:*}), so a client handles every Spotshift door one way. Authentication is
 * lazy ({@code quarkus.http.auth.proactive=false}), so a missing or bad token reaches these mappers.
 */
public class StatusProblems {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(HttpServerRequest request) {
        return problem("unauthenticated", "A valid bearer token is required", 401,
                "send Authorization: Bearer <JWT> signed by the configured issuer", request.path())
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(HttpServerRequest request) {
        return problem("forbidden", "The token's roles do not allow this", 403,
                "the token's groups claim lacks the role this operation needs", request.path()).build();
    }

    @ServerExceptionMapper(NotFoundException.class)
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        return problem("not-found", "No such plan", 404, e.getMessage(), request.path()).build();
    }

    @ServerExceptionMapper(ServiceUnavailableException.class)
    public Response unavailable(ServiceUnavailableException e, HttpServerRequest request) {
        return problem("unavailable", "The monitor cannot answer yet", 503, e.getMessage(), request.path())
                .header("Retry-After", "5").build();
    }

    private static Response.ResponseBuilder problem(String slug, String title, int status, String detail, String instance) {
        return Problem.of(slug, title, status, detail, instance).response();
    }
}
