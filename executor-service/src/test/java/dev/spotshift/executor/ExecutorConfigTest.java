package dev.spotshift.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.testsupport.ConfigMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class ExecutorConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() {
        ConfigMappings.assertShippedSettingsValid(ExecutorConfig.class);
    }

    @Test
    void refusesAMalformedDurationNamingItAndWhatIsWrong() {
        assertThatThrownBy(() -> with(Map.of("spotshift.executor.tick", "soon")))
                .hasMessageContaining("spotshift.executor.tick").hasMessageContaining("is not a duration");
    }

    @Test
    void refusesAZeroDurationNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.executor.tick", "0s")))
                .hasMessageContaining("spotshift.executor.tick").hasMessageContaining("above zero");
    }

    @Test
    void refusesANegativeCountNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.executor.cloud-attempts", "-1")))
                .hasMessageContaining("spotshift.executor.cloud-attempts").hasMessageContaining("above zero");
    }

    @Test
    void refusesACountThatIsNotANumberNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.executor.cloud-attempts", "many")))
                .hasMessageContaining("spotshift.executor.cloud-attempts").hasMessageContaining("is not a whole number");
    }

    @Test
    void takesTheDefaultsWhenNothingIsSet() {
        assertThat(with(Map.of())).isNotNull();
    }

    @Test
    void takesZeroAsOffForTheReaperButRefusesANegativePeriod() {
        assertThat(with(Map.of("spotshift.executor.reaper-every", "0s")).reaperEvery()).isZero();
        assertThatThrownBy(() -> with(Map.of("spotshift.executor.reaper-every", "-5s")))
                .hasMessageContaining("spotshift.executor.reaper-every").hasMessageContaining("zero (off) or more");
    }

    @Test
    void takesZeroRejudgesButRefusesANegativeNumber() {
        assertThat(with(Map.of("spotshift.executor.max-rejudges", "0")).maxRejudges()).isZero();
        assertThatThrownBy(() -> with(Map.of("spotshift.executor.max-rejudges", "-1")))
                .hasMessageContaining("spotshift.executor.max-rejudges").hasMessageContaining("zero or more");
    }

    private static ExecutorConfig with(Map<String, String> values) {
        return ConfigMappings.load(ExecutorConfig.class, values);
    }

    @Test
    void standbyReplicasAreOffUnlessTheDeploymentAsksForThem() {
        String standbys = "kafka-streams.num.standby.replicas";
        assertThat(ConfigMappings.shipped(ExecutorConfig.class, "prod", Map.of()).getValue(standbys, Integer.class)).isZero();
        assertThat(ConfigMappings.shipped(ExecutorConfig.class, "prod", Map.of("SPOTSHIFT_STREAMS_STANDBY_REPLICAS", "1"))
                .getValue(standbys, Integer.class)).isEqualTo(1);
    }

    @Test
    void aJoiningInstanceIsProbedForWorkEveryMinuteNotEveryTenMinutes() {
        // Kafka's default probing interval (600,000 ms) left a joiner without active tasks for ten minutes
        String probing = "kafka-streams.probing.rebalance.interval.ms";
        assertThat(ConfigMappings.shipped(ExecutorConfig.class, "prod", Map.of()).getValue(probing, Long.class)).isEqualTo(60_000L);
    }
}
