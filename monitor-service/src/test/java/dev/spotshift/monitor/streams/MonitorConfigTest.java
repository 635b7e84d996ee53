package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class MonitorConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() throws IOException {
        for (String profile : new String[] {"prod", "test"}) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).withMapping(MonitorConfig.class)
                    .withValidateUnknown(false)
                    .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                    .build();
            assertThat(config.getConfigMapping(MonitorConfig.class)).as(profile).isNotNull();
        }
    }

    @Test
    void refusesAMalformedSettingNamingItAndWhatIsWrong() {
        assertThatThrownBy(() -> with(Map.of("spotshift.monitor.gate-grace", "soon")))
                .hasMessageContaining("spotshift.monitor.gate-grace").hasMessageContaining("is not a duration");
    }

    @Test
    void refusesAZeroSettingNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.monitor.gate-grace", "0")))
                .hasMessageContaining("spotshift.monitor.gate-grace").hasMessageContaining("above zero");
    }

    private static MonitorConfig with(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("spotshift.monitor.gate-grace", "1s"));
        all.putAll(values);
        return new SmallRyeConfigBuilder().withMapping(MonitorConfig.class).withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(all, "test", 500)).build().getConfigMapping(MonitorConfig.class);
    }
}
