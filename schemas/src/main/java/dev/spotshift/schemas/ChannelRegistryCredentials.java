package dev.spotshift.schemas;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * A Quarkus service's channels call the registry with the process's credentials ({@link RegistryCredentials#fromEnvironment()}:
 * {@code SPOTSHIFT_REGISTRY_TOKEN} or {@code SPOTSHIFT_REGISTRY_TOKEN_FILE}, a reader's token in a deployment), as the
 * serdes {@link EventSerdes} builds for the Streams jobs, the CLI and the audit already do. Without this the connector's
 * Apicurio serdes look their schemas up anonymously, which a registry that requires a login for reads refuses (401).
 * A channel that names its own {@code Authorization} header keeps it; none configured, nothing is added.
 */
@ApplicationScoped
public class ChannelRegistryCredentials implements ClientCustomizer<Map<String, Object>> {

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        return withCredentials(config, RegistryCredentials.fromEnvironment());
    }

    /** {@code config} with the credentials' header added unless it has one. */
    public static Map<String, Object> withCredentials(Map<String, Object> config, RegistryCredentials credentials) {
        if (credentials.serdeConfig().isEmpty() || config.containsKey(RegistryCredentials.SERDE_AUTHORIZATION_HEADER)) {
            return config;
        }
        Map<String, Object> signed = new HashMap<>(config);
        signed.putAll(credentials.serdeConfig());
        return signed;
    }
}
