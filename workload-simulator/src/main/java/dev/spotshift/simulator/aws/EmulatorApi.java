package dev.spotshift.simulator.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * AWS's Query protocol (form-encoded {@code Action=...}) spoken to an emulator (moto) over plain HTTP, for the
 * world around Spotshift in the demo and the e2e tests: creating the group, putting the workload's CloudWatch
 * metrics, sending a notice. Unsigned on purpose: the services reach the cloud through the port only (the AWS SDK
 * stays inside cloud/), and a real account's world (the group, the CloudWatch agent, EventBridge) exists without
 * us. The credential scope in the Authorization header tells moto's single endpoint which service is meant.
 */
public final class EmulatorApi {

    /** The access key the world's own calls carry, so an emulator's log can tell them from the services'. */
    public static final String WORLD_KEY = "spotshift-world";

    private final URI endpoint;
    private final String region;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public EmulatorApi(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** One Query call ({@code service} as in a credential scope: ec2, autoscaling, monitoring, sqs); the XML answer. */
    public String query(String service, String action, String version, Map<String, String> params) {
        StringBuilder form = new StringBuilder("Action=").append(action).append("&Version=").append(version);
        params.forEach((k, v) -> form.append('&').append(enc(k)).append('=').append(enc(v)));
        return send(HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", authorization(service))
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())), service + ":" + action);
    }

    /** A path-style S3 request without a body (CreateBucket is {@code PUT /bucket}). */
    public String s3(String method, String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).header("Authorization", authorization("s3"))
                .method(method, HttpRequest.BodyPublishers.noBody()), "s3:" + method + " " + path);
    }

    private String send(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(what + " at " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private String authorization(String service) {
        return "AWS4-HMAC-SHA256 Credential=" + WORLD_KEY + "/20260101/" + region + "/" + service
                + "/aws4_request, SignedHeaders=host, Signature=0";
    }

    /** The text of the first {@code <tag>} in an XML answer, or null. */
    public static String element(String xml, String tag) {
        int start = xml.indexOf("<" + tag + ">");
        if (start < 0) {
            return null;
        }
        int end = xml.indexOf("</" + tag + ">", start);
        return end < 0 ? null : xml.substring(start + tag.length() + 2, end);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
