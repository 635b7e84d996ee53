package dev.spotshift.schemas;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether the schema registry answers. Every service's readiness asks it: without the registry no
 * event can be serialized or read, so a service that cannot reach it should get no traffic. Plain
 * JDK HTTP so each service wraps it in its own few-line health check without sharing Quarkus code.
 */
public final class RegistryProbe {

    /** What a probe found; {@code detail} is the HTTP status or the reason the call failed. */
    public record Result(boolean up, String url, String detail) {}

    private final HttpClient http;
    private final URI systemInfo;
    private final Duration timeout;

    /**
     * @param registryUrl the serdes' registry URL ({@code http://host:port/apis/registry/v2}) or just
     *                    {@code http://host:port}
     * @param timeout     for connecting and for the answer: a probe must stay well inside the kubelet's
     */
    public RegistryProbe(String registryUrl, Duration timeout) {
        this.systemInfo = URI.create(apiRoot(registryUrl) + "/system/info");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    static String apiRoot(String registryUrl) {
        String url = registryUrl.strip().replaceAll("/+$", "");
        return url.contains("/apis/") ? url : url + "/apis/registry/v2";
    }

    public Result probe() {
        // signed like the serdes' lookups: a registry that wants a login for reads answers 401 to an anonymous probe
        HttpRequest request = RegistryCredentials.fromEnvironment()
                .sign(HttpRequest.newBuilder(systemInfo).timeout(timeout).GET()).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Result(status == 200, systemInfo.toString(), "HTTP " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, systemInfo.toString(), "interrupted");
        } catch (Exception e) {
            return new Result(false, systemInfo.toString(), e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : ""));
        }
    }
}
