package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsConfigTest {

    @Test
    void boundsEveryCallByDefault() {
        AwsConfig c = AwsConfig.from(Map.of());
        assertThat(c.apiCallTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.breakerFailureThreshold()).isEqualTo(5);
        assertThat(c.breakerOpenFor()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsTimeoutsAndBreakerSettingsAsIsoDurations() {
        AwsConfig c = AwsConfig.from(Map.of(AwsConfig.API_CALL_TIMEOUT, "PT45S", AwsConfig.API_CALL_ATTEMPT_TIMEOUT,
                "PT2S", AwsConfig.BREAKER_FAILURE_THRESHOLD, "3", AwsConfig.BREAKER_OPEN_FOR, "PT1M"));
        assertThat(c.apiCallTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.breakerFailureThreshold()).isEqualTo(3);
        assertThat(c.breakerOpenFor()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void rejectsSettingsThatWouldLeaveACallUnbounded() {
        assertThatThrownBy(() -> AwsConfig.from(Map.of(AwsConfig.API_CALL_TIMEOUT, "20s")))
                .hasMessageContaining(AwsConfig.API_CALL_TIMEOUT).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> AwsConfig.from(Map.of(AwsConfig.API_CALL_ATTEMPT_TIMEOUT, "PT0S")))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> AwsConfig.from(Map.of(AwsConfig.API_CALL_ATTEMPT_TIMEOUT, "PT30S")))
                .hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> AwsConfig.from(Map.of(AwsConfig.BREAKER_FAILURE_THRESHOLD, "0")))
                .hasMessageContaining(">= 1");
    }
}
