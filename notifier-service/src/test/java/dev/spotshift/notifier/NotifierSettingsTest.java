package dev.spotshift.notifier;
import dev.spotshift.notifier.config.NotifierSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class NotifierSettingsTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() throws IOException {
        for (String profile : new String[] {"prod", "test"}) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).withMapping(NotifierSettings.class)
                    .withValidateUnknown(false)
                    .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                    .build();
            assertThat(config.getConfigMapping(NotifierSettings.class)).as(profile).isNotNull();
        }
    }

    @Test
    void refusesAMalformedDurationNamingItAndWhatIsWrong() {
        assertThatThrownBy(() -> with(Map.of("spotshift.notifier.send-timeout", "soon")))
                .hasMessageContaining("spotshift.notifier.send-timeout").hasMessageContaining("is not a duration");
    }

    @Test
    void refusesAZeroDurationNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.notifier.send-timeout", "0s")))
                .hasMessageContaining("spotshift.notifier.send-timeout").hasMessageContaining("above zero");
    }

    @Test
    void refusesANegativeCountNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.notifier.retry.attempts", "-1")))
                .hasMessageContaining("spotshift.notifier.retry.attempts").hasMessageContaining("above zero");
    }

    @Test
    void refusesACountThatIsNotANumberNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.notifier.retry.attempts", "many")))
                .hasMessageContaining("spotshift.notifier.retry.attempts").hasMessageContaining("is not a whole number");
    }

    @Test
    void takesTheDefaultsWhenNothingIsSet() {
        assertThat(with(Map.of())).isNotNull();
    }

    private static NotifierSettings with(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(NotifierSettings.class).withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(values, "test", 500)).build().getConfigMapping(NotifierSettings.class);
    }
}
