package dev.spotshift.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.testsupport.ConfigMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class MonitorConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() {
        ConfigMappings.assertShippedSettingsValid(MonitorConfig.class);
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
        return ConfigMappings.load(MonitorConfig.class, Map.of("spotshift.monitor.gate-grace", "1s"), values);
    }

    @Test
    void standbyReplicasAreOffUnlessTheDeploymentAsksForThem() {
        String standbys = "kafka-streams.num.standby.replicas";
        assertThat(ConfigMappings.shipped(MonitorConfig.class, "prod", Map.of()).getValue(standbys, Integer.class)).isZero();
        assertThat(ConfigMappings.shipped(MonitorConfig.class, "prod", Map.of("SPOTSHIFT_STREAMS_STANDBY_REPLICAS", "1"))
                .getValue(standbys, Integer.class)).isEqualTo(1);
    }

    @Test
    void aJoiningInstanceIsProbedForWorkEveryMinuteNotEveryTenMinutes() {
        // Kafka's default probing interval (600,000 ms) left a joiner without active tasks for ten minutes
        String probing = "kafka-streams.probing.rebalance.interval.ms";
        assertThat(ConfigMappings.shipped(MonitorConfig.class, "prod", Map.of()).getValue(probing, Long.class)).isEqualTo(60_000L);
    }
}
