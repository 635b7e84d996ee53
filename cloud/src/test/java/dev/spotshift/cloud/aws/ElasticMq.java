package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.testing.Ports;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.extension.ExtensionContext;

/** ElasticMQ in-process on a free loopback port, once per test JVM. */
final class ElasticMq implements ExtensionContext.Store.CloseableResource {

    private final SQSRestServer server;
    private final int port;

    private ElasticMq(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static ElasticMq in(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ElasticMq.class, k -> start(), ElasticMq.class);
    }

    private static ElasticMq start() {
        int port = Ports.free();
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withAWSRegion(Emulated.REGION).start();
        server.waitUntilStarted();
        return new ElasticMq(server, port);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
