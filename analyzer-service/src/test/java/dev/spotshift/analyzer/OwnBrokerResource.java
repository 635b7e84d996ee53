package dev.spotshift.analyzer;

import dev.spotshift.infra.KafkaBrokerProcess;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.infra.TopicCatalog;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A broker of the test's own on a fixed port, so a test can stop it and bring a new one back where
 * the service looks for it, while the JVM-shared broker (other test classes) stays untouched. The
 * registry is the shared one: only Kafka comes and goes here.
 */
public class OwnBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static KafkaBrokerProcess broker;

    @Override
    public Map<String, String> start() {
        port = freePort();
        startBroker();
        Map<String, String> config = new HashMap<>(LocalInfra.shared().quarkusConfig());
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("quarkus.kafka-streams.bootstrap-servers", broker.bootstrapServers());
        return config;
    }

    /** A fresh broker (empty, the catalog's topics created) on the same port as before. */
    static synchronized void startBroker() {
        broker = KafkaBrokerProcess.start(new KafkaBrokerProcess.Options().port(port));
        TopicCatalog.createAll(broker.bootstrapServers(), Duration.ofSeconds(30));
    }

    static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public void stop() {
        stopBroker();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
