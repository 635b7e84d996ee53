package dev.spotshift.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class ConsoleConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() throws IOException {
        for (String profile : new String[] {"prod", "test"}) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).withMapping(ConsoleConfig.class)
                    .withValidateUnknown(false)
                    .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                    .build();
            assertThat(config.getConfigMapping(ConsoleConfig.class)).as(profile).isNotNull();
        }
    }

    @Test
    void refusesAMalformedSettingNamingItAndWhatIsWrong() {
        assertThatThrownBy(() -> with(Map.of("spotshift.console.max-points", "many")))
                .hasMessageContaining("spotshift.console.max-points").hasMessageContaining("is not a whole number");
    }

    @Test
    void refusesAZeroSettingNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.console.max-points", "0")))
                .hasMessageContaining("spotshift.console.max-points").hasMessageContaining("above zero");
    }

    private static ConsoleConfig with(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("spotshift.console.max-points", "300"));
        all.putAll(values);
        return new SmallRyeConfigBuilder().withMapping(ConsoleConfig.class).withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(all, "test", 500)).build().getConfigMapping(ConsoleConfig.class);
    }
}
