package dev.spotshift.analyzer;
import dev.spotshift.analyzer.config.AnalyzerConfig;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.testsupport.ConfigMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class AnalyzerConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() {
        ConfigMappings.assertShippedSettingsValid(AnalyzerConfig.class);
    }

    @Test
    void refusesAMalformedSettingNamingItAndWhatIsWrong() {
        assertThatThrownBy(() -> with(Map.of("spotshift.analyzer.rate-limit.window", "PT-1M")))
                .hasMessageContaining("spotshift.analyzer.rate-limit.window").hasMessageContaining("above zero");
    }

    @Test
    void refusesAZeroSettingNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.analyzer.rate-limit.window", "0")))
                .hasMessageContaining("spotshift.analyzer.rate-limit.window").hasMessageContaining("above zero");
    }

    @Test
    void refusesToStartWithoutARequiredSettingNamingIt() {
        assertThatThrownBy(() -> ConfigMappings.load(AnalyzerConfig.class,
                Map.of("spotshift.analyzer.intake.publish-timeout", "PT30S")))
                .hasMessageContaining("spotshift.analyzer.intake.max-record-bytes");
    }

    private static AnalyzerConfig with(Map<String, String> values) {
        return ConfigMappings.load(AnalyzerConfig.class, Map.of("spotshift.analyzer.intake.max-record-bytes", "1048576", "spotshift.analyzer.intake.publish-timeout", "PT30S"), values);
    }
}
