package dev.spotshift.schemas.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-credentials grant against a token endpoint of the test's own on 127.0.0.1, its port picked at run time. */
class ClientCredentialsTokenTest {

    private HttpServer endpoint;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private Instant now = Instant.parse("2026-12-07T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void startTheEndpoint() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/token", x -> {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(auth + " " + body);
            boolean alice = ("Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)))
                    .equals(auth) && body.startsWith("grant_type=client_credentials");
            byte[] answer = (alice ? "{\"access_token\":\"token-" + requests.size() + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"
                    : "{\"error\":\"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(alice ? 200 : 401, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/token");
    }

    @Test
    void aTokenIsFetchedOnceWithTheClientsCredentialsAndKeptUntilShortlyBeforeItExpires() {
        // Given alice's client credentials and an endpoint that grants 300 s tokens
        ClientCredentialsToken tokens = new ClientCredentialsToken(url(), "alice", "s3cret", "spotshift", clock);

        // When two requests are signed within its lifetime
        String first = tokens.token();
        now = now.plus(Duration.ofSeconds(200));
        String second = tokens.token();

        // Then one call was made, by the client-credentials grant with basic auth and the scope
        assertThat(first).isEqualTo("token-1").isEqualTo(second);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).endsWith("grant_type=client_credentials&scope=spotshift");

        // When the token is within the skew of its expiry, Then a new one is fetched
        now = now.plus(Duration.ofSeconds(80));
        assertThat(tokens.token()).isEqualTo("token-2");
        assertThat(requests).hasSize(2);
    }

    @Test
    void wrongCredentialsAreRefusedNamingTheClientAndTheAnswerNotTheSecret() {
        // Given a wrong secret
        ClientCredentialsToken tokens = new ClientCredentialsToken(url(), "alice", "wrong", null, clock);

        // When a token is asked for, Then it fails with the endpoint's answer, never the secret
        assertThatThrownBy(tokens::token).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused client alice").hasMessageContaining("HTTP 401")
                .hasMessageContaining("invalid_client").hasMessageNotContaining("wrong");
    }
}
