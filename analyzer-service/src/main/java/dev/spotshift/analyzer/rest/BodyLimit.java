package dev.spotshift.analyzer.rest;
import dev.spotshift.analyzer.config.IntakeSettings;

import dev.spotshift.schemas.plan.PlanParser;
import dev.spotshift.schemas.rest.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a plan whose declared length is over the limit before its body is read. A body sent
 * without a length is measured by the resource once read (the parser applies the same limit).
 */
public class BodyLimit {

    private final IntakeSettings settings;

    public BodyLimit(IntakeSettings settings) {
        this.settings = settings;
    }

    /** The 413 for a declared length over the limit, or null to go on. */
    @ServerRequestFilter(preMatching = true)
    public Response refuseDeclaredOversize(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().startsWith(IntakeSettings.PATH)) {
            return null;
        }
        long declared = request.getLength();
        if (declared > settings.maxBodyBytes()) {
            return Problem.tooLarge(PlanParser.tooLarge(declared, settings.maxBodyBytes()), IntakeSettings.PATH).response().build();
        }
        return null;
    }
}
