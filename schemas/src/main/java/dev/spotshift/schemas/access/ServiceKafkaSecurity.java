package dev.spotshift.schemas.access;

import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The security settings of a Quarkus service's own Kafka clients ({@code kafka.security.protocol},
 * {@code kafka.sasl.*}, {@code kafka.ssl.*}, which each service's application.properties takes from the
 * environment), for the consumers and producers it builds by hand: they log in as the same principal as its
 * channels and Streams job.
 */
public final class ServiceKafkaSecurity {

    private ServiceKafkaSecurity() {}

    public static Map<String, String> settings() {
        Config config = ConfigProvider.getConfig();
        return KafkaClientSecurity.fromPrefixed(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class), "kafka.");
    }
}
