package dev.spotshift.schemas.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail, the one builder of every Spotshift door's refusals and misses (the analyzer's intake
 * and fleet, the monitor's status read), with the same {@code urn:spotshift:problem:*} types, so a client handles
 * every door one way. A plan's errors are located (path, line, column): the first few the parser keeps, with
 * {@code omittedErrors} counting the rest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
                      Integer omittedErrors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String code, String message, String path, Integer line, Integer column, String location) {

        public static FieldError of(PlanError e) {
            return new FieldError(e.code(), e.message(), e.path(), e.hasLine() ? e.line() : null,
                    e.hasLine() ? e.column() : null, e.location());
        }
    }

    public static Problem invalidPlan(ParsedPlans parsed, String instance) {
        String shown = parsed.omittedErrors() > 0
                ? "; the first " + parsed.errors().size() + " are listed, " + parsed.omittedErrors() + " more are not" : "";
        return new Problem("urn:spotshift:problem:invalid-plan", "The plan is not valid", 422,
                parsed.errorCount() + " error(s); each names the field path and the line:column in the plan" + shown,
                instance, parsed.errors().stream().map(FieldError::of).toList(),
                parsed.omittedErrors() > 0 ? parsed.omittedErrors() : null);
    }

    /** A body over the limit: 413, saying the limit (the parser's message names it in bytes). */
    public static Problem tooLarge(PlanError error, String instance) {
        return new Problem("urn:spotshift:problem:plan-too-large", "The plan is too large", 413, error.message(), instance,
                List.of(FieldError.of(error)), null);
    }

    /** A request value (not a plan's) that is not acceptable, located by its name. */
    public static Problem invalidParameter(int status, String name, String code, String message, String instance) {
        return new Problem("urn:spotshift:problem:invalid-" + name, "The request's " + name + " is not valid", status, message,
                instance, List.of(new FieldError(code, message, name, null, null, name)), null);
    }

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem("urn:spotshift:problem:" + slug, title, status, detail, instance, null, null);
    }

    public Response.ResponseBuilder response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
