package dev.spotshift.coordinator.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.testsupport.ConfigMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class CoordinatorConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() {
        ConfigMappings.assertShippedSettingsValid(CoordinatorConfig.class);
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
        return ConfigMappings.load(CoordinatorConfig.class, Map.of("spotshift.coordinator.deadline-check-interval", "PT1S"), values);
    }
}
