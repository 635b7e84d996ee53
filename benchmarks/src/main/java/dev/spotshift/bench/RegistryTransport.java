package dev.spotshift.bench;

import io.apicurio.rest.client.VertxHttpClientProvider;
import io.apicurio.rest.client.spi.ApicurioHttpClientFactory;
import io.vertx.core.Vertx;

/**
 * The Apicurio serde's HTTP client outside Quarkus: the benchmarks put the Vert.x transport on the class path (its
 * pom), which needs a Vertx instance; the JDK transport is the default elsewhere.
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
