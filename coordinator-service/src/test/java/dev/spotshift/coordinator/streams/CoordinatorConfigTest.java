package dev.spotshift.coordinator.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class CoordinatorConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() throws IOException {
        for (String profile : new String[] {"prod", "test"}) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).withMapping(CoordinatorConfig.class)
                    .withValidateUnknown(false)
                    .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                    .build();
            assertThat(config.getConfigMapping(CoordinatorConfig.class)).as(profile).isNotNull();
        }
    }

    @Test
    void refusesAMalformedSettingNamingItAndWhatIsWrong() {
        assertThatThrownBy(() -> with(Map.of("spotshift.coordinator.closed-ballot-retention", "a week")))
                .hasMessageContaining("spotshift.coordinator.closed-ballot-retention").hasMessageContaining("is not a duration");
    }

    @Test
    void refusesAZeroSettingNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.coordinator.closed-ballot-retention", "0")))
                .hasMessageContaining("spotshift.coordinator.closed-ballot-retention").hasMessageContaining("above zero");
    }

    private static CoordinatorConfig with(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("spotshift.coordinator.deadline-check-interval", "PT1S"));
        all.putAll(values);
        return new SmallRyeConfigBuilder().withMapping(CoordinatorConfig.class).withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(all, "test", 500)).build().getConfigMapping(CoordinatorConfig.class);
    }
}
