package dev.spotshift.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Global rules of an Apicurio Registry (v2 REST API). */
public final class RegistryRules {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private RegistryRules() {}

    /**
     * Makes the registry's global COMPATIBILITY rule BACKWARD: creates it, or updates it when it
     * exists already (HTTP 409 on create).
     *
     * @param registryUrl e.g. {@code http://127.0.0.1:8080/apis/registry/v2}
     */
    public static void ensureGlobalBackwardCompatibility(String registryUrl) {
        ensureGlobalBackwardCompatibility(registryUrl, dev.spotshift.schemas.RegistryCredentials.NONE);
    }

    /** As {@link #ensureGlobalBackwardCompatibility(String)}, as an administrator where writes need one. */
    public static void ensureGlobalBackwardCompatibility(String registryUrl,
                                                         dev.spotshift.schemas.RegistryCredentials admin) {
        String body = "{\"type\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}";
        HttpResponse<String> created = send(admin.sign(HttpRequest.newBuilder(URI.create(registryUrl + "/admin/rules")))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (created.statusCode() / 100 == 2) {
            return;
        }
        if (created.statusCode() == 409) {
            HttpResponse<String> updated = send(admin.sign(HttpRequest.newBuilder(
                    URI.create(registryUrl + "/admin/rules/COMPATIBILITY")))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)));
            if (updated.statusCode() / 100 == 2) {
                return;
            }
            throw new InfraStartException("Updating the registry's global COMPATIBILITY rule at " + registryUrl
                    + " failed: HTTP " + updated.statusCode() + " " + updated.body());
        }
        throw new InfraStartException("Registering the registry's global BACKWARD compatibility rule at " + registryUrl
                + " failed: HTTP " + created.statusCode() + " " + created.body());
    }

    /** The global COMPATIBILITY rule's config (e.g. "BACKWARD"), or null when there is none. */
    public static String globalCompatibility(String registryUrl) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(registryUrl + "/admin/rules/COMPATIBILITY")).GET());
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET global COMPATIBILITY rule: HTTP " + r.statusCode() + " " + r.body());
        }
        var m = java.util.regex.Pattern.compile("\"config\"\\s*:\\s*\"([^\"]*)\"").matcher(r.body());
        return m.find() ? m.group(1) : null;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InfraStartException("Registry request " + request.build().uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("Interrupted during registry request " + request.build().uri(), e);
        }
    }

    /** HTTP status of a GET, or -1 when nothing answers. */
    static int status(String url, Duration timeout) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("Interrupted while waiting for the registry", e);
        }
    }
}
