package dev.spotshift.analyzer;

import dev.spotshift.schemas.access.KafkaClientSecurity;
import dev.spotshift.schemas.access.ServiceKafkaSecurity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while no broker answers: the intake would accept plans it cannot publish. The channels' own readiness
 * no longer falls when the broker goes away (Kafka 4 clients), and Quarkus's admin-client check waits
 * default.api.timeout.ms (60 s); this one asks with its own admin client, bounded by the probe's own timeout.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    private final Admin admin;
    private final Duration timeout;

    public BrokerReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                           @ConfigProperty(name = "spotshift.health.broker-timeout", defaultValue = "2s") Duration timeout) {
        this.timeout = timeout;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "analyzer-readiness");
        int millis = (int) timeout.toMillis();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(KafkaClientSecurity.apply(ServiceKafkaSecurity.settings(), p));
    }

    @Override
    public HealthCheckResponse call() {
        var answer = HealthCheckResponse.named("Kafka broker");
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return answer.status(nodes > 0).withData("brokers", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer.down().withData("answer", "interrupted").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return answer.down().withData("answer", cause.getClass().getSimpleName() + ": " + cause.getMessage()).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
