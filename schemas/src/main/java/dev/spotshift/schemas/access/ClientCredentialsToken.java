package dev.spotshift.schemas.access;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operator's or a job's bearer token from an OAuth2 token endpoint by the client-credentials grant (RFC 6749 §4.4):
 * the client id and secret sent as HTTP basic auth, the answer's {@code access_token} kept until shortly before its
 * {@code expires_in} runs out, so a command makes one call however many requests it signs. The identity a token
 * carries is the identity provider's, not a self-declared name.
 */
public final class ClientCredentialsToken {

    /** A token is renewed this long before it expires, so none is sent in its last seconds. */
    static final Duration SKEW = Duration.ofSeconds(30);
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*\"?(\\d+)");

    private final URI endpoint;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Clock clock;
    private final HttpClient http;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ClientCredentialsToken(URI endpoint, String clientId, String clientSecret, String scope, Clock clock) {
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The current token, from the endpoint when there is none yet or it is about to expire. */
    public synchronized String token() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    private void fetch() {
        String form = "grant_type=client_credentials" + (scope == null || scope.isBlank() ? "" : "&scope=" + enc(scope));
        String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the token endpoint " + endpoint + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + endpoint + " for a token", e);
        }
        Matcher t = ACCESS_TOKEN.matcher(answer.body());
        if (answer.statusCode() != 200 || !t.find()) {
            // the body may name the error (invalid_client); it never holds the secret
            throw new IllegalStateException("the token endpoint " + endpoint + " refused client " + clientId + ": HTTP "
                    + answer.statusCode() + " " + answer.body().lines().findFirst().orElse(""));
        }
        Matcher e = EXPIRES_IN.matcher(answer.body());
        Duration lifetime = e.find() ? Duration.ofSeconds(Long.parseLong(e.group(1))) : Duration.ZERO;
        token = t.group(1);
        renewAt = clock.instant().plus(lifetime.compareTo(SKEW) > 0 ? lifetime.minus(SKEW) : Duration.ZERO);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
