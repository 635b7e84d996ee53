package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The CLI's (and any client's) registry login by the client-credentials grant, against an endpoint on 127.0.0.1. */
class RegistryClientCredentialsTest {

    @Test
    void aClientWithCredentialsForTheTokenEndpointSendsItsTokenAndAsksForItOnce() throws Exception {
        // Given a token endpoint that grants 300 s tokens, and a client configured with its credentials
        AtomicInteger calls = new AtomicInteger();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/token", x -> {
            x.getRequestBody().readAllBytes();
            byte[] answer = ("{\"access_token\":\"op-token-" + calls.incrementAndGet() + "\",\"expires_in\":300}")
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        endpoint.start();
        try {
            Map<String, String> env = Map.of(
                    "SPOTSHIFT_TOKEN_ENDPOINT", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/token",
                    "SPOTSHIFT_CLIENT_ID", "alice-" + System.nanoTime(), "SPOTSHIFT_CLIENT_SECRET", "s3cret");

            // When the credentials are read twice (two serdes of one command)
            RegistryCredentials first = RegistryCredentials.from(env, new Properties());
            RegistryCredentials second = RegistryCredentials.from(env, new Properties());

            // Then both send the endpoint's token, fetched once
            assertThat(first.authorization()).contains("Bearer op-token-1");
            assertThat(second.authorization()).contains("Bearer op-token-1");
            assertThat(calls.get()).isEqualTo(1);
            assertThat(first.toString()).startsWith("client credentials of alice-").doesNotContain("s3cret");
        } finally {
            endpoint.stop(0);
        }
    }
}
