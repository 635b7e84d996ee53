package dev.spotshift.monitor.streams;

import io.apicurio.rest.client.VertxHttpClientProvider;
import io.apicurio.rest.client.spi.ApicurioHttpClientFactory;
import io.vertx.core.Vertx;

/**
 * Outside Quarkus nobody gives the registry client its HTTP transport; Quarkus uses this same one. One per JVM, never
 * closed: the client factory keeps the first provider it was given, so a second test class that closed its own Vert.x
 * and installed another would find the first one's event loop terminated.
 */
final class RegistryClientTransport {

    private static Vertx vertx;

    private RegistryClientTransport() {}

    static synchronized void install() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            ApicurioHttpClientFactory.setProvider(new VertxHttpClientProvider(vertx));
        }
    }
}
