package dev.spotshift.bench;

import io.apicurio.rest.client.VertxHttpClientProvider;
import io.apicurio.rest.client.spi.ApicurioHttpClientFactory;
import io.vertx.core.Vertx;

/**
 * The Apicurio serde's HTTP client outside Quarkus: the class path carries the Vert.x transport (from the
 * services' Quarkus extension), which needs a Vertx instance that Quarkus would otherwise provide.
 */
final class RegistryTransport {

    private static Vertx vertx;

    private RegistryTransport() {}

    static synchronized void install() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            ApicurioHttpClientFactory.setProvider(new VertxHttpClientProvider(vertx));
        }
    }
}
