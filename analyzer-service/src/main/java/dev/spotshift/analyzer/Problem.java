package dev.spotshift.analyzer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spotshift.schemas.plan.PlanError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem detail, with every plan error located (path, line, column). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String code, String message, String path, Integer line, Integer column, String location) {

        static FieldError of(PlanError e) {
            return new FieldError(e.code(), e.message(), e.path(), e.hasLine() ? e.line() : null,
                    e.hasLine() ? e.column() : null, e.location());
        }
    }

    public static Problem invalidPlan(List<PlanError> errors, String instance) {
        return new Problem("urn:spotshift:problem:invalid-plan", "The plan is not valid", 422,
                errors.size() + " error(s); each names the field path and the line:column in the plan",
                instance, errors.stream().map(FieldError::of).toList());
    }

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem("urn:spotshift:problem:" + slug, title, status, detail, instance, null);
    }

    public Response.ResponseBuilder response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
