package dev.spotshift.console;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.testsupport.ConfigMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class ConsoleConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() {
        ConfigMappings.assertShippedSettingsValid(ConsoleConfig.class);
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
        return ConfigMappings.load(ConsoleConfig.class, Map.of("spotshift.console.max-points", "300"), values);
    }
}
