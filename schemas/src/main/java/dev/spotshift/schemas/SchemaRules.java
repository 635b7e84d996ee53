package dev.spotshift.schemas;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Puts a topic's declared {@link Topic.Compatibility} on its registry artifact, so the registry refuses a version
 * that breaks it whoever registers it (the global rule is only the default). Apicurio v2 REST API, plain JDK HTTP.
 */
public final class SchemaRules {

    /** The group the catalog's serde registers under (its default). */
    static final String GROUP = "default";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    private SchemaRules() {}

    /** Sets (creates or updates) the artifact's COMPATIBILITY rule; the artifact must exist. Throws when refused. */
    public static void apply(String registryUrl, Topic<?> topic) {
        apply(registryUrl, topic, RegistryCredentials.fromEnvironment());
    }

    /** As {@link #apply(String, Topic)}, as the principal {@code credentials} name (a rule change is a write). */
    public static void apply(String registryUrl, Topic<?> topic, RegistryCredentials credentials) {
        String root = RegistryProbe.apiRoot(registryUrl);
        String rules = root + "/groups/" + GROUP + "/artifacts/" + topic.valueArtifactId() + "/rules";
        // the v3 API (production's registry) names the rule's type "ruleType", v2 "type"
        String body = "{\"" + (root.endsWith("/v3") ? "ruleType" : "type") + "\":\"COMPATIBILITY\",\"config\":\""
                + topic.compatibility().name() + "\"}";
        HttpResponse<String> created = send(credentials.sign(HttpRequest.newBuilder(URI.create(rules)))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (created.statusCode() / 100 == 2) {
            return;
        }
        if (created.statusCode() == 409) { // the rule exists: make it the declared one
            HttpResponse<String> updated = send(credentials.sign(HttpRequest.newBuilder(URI.create(rules + "/COMPATIBILITY")))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)));
            if (updated.statusCode() / 100 == 2) {
                return;
            }
            throw refused(topic, updated);
        }
        throw refused(topic, created);
    }

    /** The artifact's COMPATIBILITY rule config, or null when it has none. */
    public static String of(String registryUrl, Topic<?> topic) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(RegistryProbe.apiRoot(registryUrl)
                + "/groups/" + GROUP + "/artifacts/" + topic.valueArtifactId() + "/rules/COMPATIBILITY")).GET());
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw refused(topic, r);
        }
        var m = java.util.regex.Pattern.compile("\"config\"\\s*:\\s*\"([^\"]*)\"").matcher(r.body());
        return m.find() ? m.group(1) : null;
    }

    private static IllegalStateException refused(Topic<?> topic, HttpResponse<String> r) {
        return new IllegalStateException("COMPATIBILITY rule of " + topic.valueArtifactId() + ": HTTP "
                + r.statusCode() + " " + r.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(TIMEOUT).header("Content-Type", "application/json")
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("registry request " + request.build().uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: registry request " + request.build().uri(), e);
        }
    }
}
