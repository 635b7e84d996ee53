package dev.spotshift.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

/**
 * The one way a module's tests check its {@code @ConfigMapping}: the settings it ships are valid in every profile it
 * runs in, and a bad value is refused at start with the setting's name and what is wrong — the same builder Quarkus
 * uses, without starting Quarkus. Unknown keys are allowed: application.properties also holds Quarkus's and the
 * channels' settings, which the mapping does not declare.
 */
public final class ConfigMappings {

    /** The profiles a service is shipped to run in. */
    public static final String[] SHIPPED_PROFILES = {"prod", "test"};

    private ConfigMappings() {}

    /** Fails naming the profile whose shipped application.properties the mapping refuses. */
    public static <T> void assertShippedSettingsValid(Class<T> mapping) {
        URL shipped = mapping.getResource("/application.properties");
        assertThat(shipped).as("application.properties next to " + mapping.getName()).isNotNull();
        for (String profile : SHIPPED_PROFILES) {
            try {
                T loaded = new SmallRyeConfigBuilder().withProfile(profile).withMapping(mapping).withValidateUnknown(false)
                        .withSources(new PropertiesConfigSource(shipped, 250)).build().getConfigMapping(mapping);
                assertThat(loaded).as(profile).isNotNull();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The mapping over exactly {@code values} (defaults for the rest): what a start with only these set would see. */
    public static <T> T load(Class<T> mapping, Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(mapping).withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(values, "test", 500)).build().getConfigMapping(mapping);
    }

    /** The mapping over {@code required} (settings without a default) overridden by {@code values}. */
    public static <T> T load(Class<T> mapping, Map<String, String> required, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(required);
        all.putAll(values);
        return load(mapping, all);
    }

    /**
     * The application.properties shipped next to {@code anchor}, in {@code profile}, with {@code environment} as the
     * process's environment: for settings outside the mapping (the Kafka Streams ones) that a deployment sets by variable.
     */
    public static SmallRyeConfig shipped(Class<?> anchor, String profile, Map<String, String> environment) {
        try {
            return new SmallRyeConfigBuilder().withProfile(profile).withValidateUnknown(false)
                    .withSources(new PropertiesConfigSource(anchor.getResource("/application.properties"), 250))
                    .withSources(new EnvConfigSource(environment, 300)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
