package dev.spotshift.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class AnalyzerConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() throws IOException {
        for (String profile : new String[] {"prod", "test"}) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).withMapping(AnalyzerConfig.class)
                    .withValidateUnknown(false)
                    .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                    .build();
            assertThat(config.getConfigMapping(AnalyzerConfig.class)).as(profile).isNotNull();
        }
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
        assertThatThrownBy(() -> new SmallRyeConfigBuilder().withMapping(AnalyzerConfig.class).withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(Map.of("spotshift.analyzer.intake.publish-timeout", "PT30S"),
                        "test", 500)).build())
                .hasMessageContaining("spotshift.analyzer.intake.max-record-bytes");
    }

    private static AnalyzerConfig with(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("spotshift.analyzer.intake.max-record-bytes", "1048576", "spotshift.analyzer.intake.publish-timeout", "PT30S"));
        all.putAll(values);
        return new SmallRyeConfigBuilder().withMapping(AnalyzerConfig.class).withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(all, "test", 500)).build().getConfigMapping(AnalyzerConfig.class);
    }
}
