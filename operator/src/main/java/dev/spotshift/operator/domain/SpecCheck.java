package dev.spotshift.operator.domain;

import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanError;
import dev.spotshift.schemas.plan.PlanFormat;
import dev.spotshift.schemas.plan.PlanParser;
import java.util.List;
import java.util.Map;

/**
 * A MigrationPlan resource's spec read with the one plan parser the CLI and the REST intake use: the spec is a plan
 * file's body, so it is put back under the file's {@code apiVersion} and {@code kind} and parsed as that document
 * (JSON is YAML). The plan's name defaults to the resource's name. Error paths are given as the resource has them
 * ({@code spec.rollout.stepsPercent[2]}); there are no lines, since the API server keeps no source text.
 */
public final class SpecCheck {

    private SpecCheck() {}

    public static ParsedPlans parse(String resourceName, Map<String, Object> spec, String specAsJson) {
        return PlanParser.parse(document(resourceName, spec, specAsJson));
    }

    /** The plan document the spec stands for, as JSON text. */
    static String document(String resourceName, Map<String, Object> spec, String specAsJson) {
        String body = specAsJson == null || specAsJson.isBlank() ? "{}" : specAsJson.strip();
        if (!body.startsWith("{")) {
            // Not a mapping: the parser names the document's shape as the error.
            return body;
        }
        StringBuilder out = new StringBuilder("{\"apiVersion\":\"").append(PlanFormat.API_VERSION)
                .append("\",\"kind\":\"").append(PlanFormat.KIND).append('"');
        if (spec == null || !spec.containsKey("name")) {
            out.append(",\"name\":\"").append(resourceName.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        String inner = body.substring(1, body.length() - 1).strip();
        if (!inner.isEmpty()) {
            out.append(',').append(inner);
        }
        return out.append('}').toString();
    }

    /** {@code spec.rollout.stepsPercent[2] CODE: message}, one per error, as the resource names its fields. */
    public static List<String> located(ParsedPlans parsed) {
        return parsed.errors().stream().map(SpecCheck::located).toList();
    }

    static String located(PlanError e) {
        String path = e.path() == null || e.path().isEmpty() ? "spec" : "spec." + e.path();
        return path + " " + e.code() + ": " + e.message();
    }
}
