package dev.spotshift.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitAndBackoffTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void aSendOverTheRateWaitsForItsTurnInsteadOfBeingDropped() {
        // Given a sink allowed 2 a minute, which spent both
        RateLimit limit = new RateLimit(2, T0);
        assertThat(limit.reserve(T0)).isZero();
        assertThat(limit.reserve(T0)).isZero();

        // Then the third waits 30 s and the fourth a minute, and after the minute the bucket has one again
        assertThat(limit.reserve(T0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(limit.reserve(T0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(limit.reserve(T0.plusSeconds(90))).isZero();
    }

    @Test
    void retriesDoubleUpToTheirCapAndStopAfterTheLastAttempt() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 5);

        assertThat(b.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.after(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.after(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.after(5)).isNull();
    }

    @Test
    void aSignatureVerifiesOnlyTheBodyAndSecretItWasMadeFrom() {
        byte[] body = "{\"planId\":\"p\"}".getBytes();
        String header = Signature.of(body, "s3cret");

        assertThat(header).startsWith("sha256=").hasSize(7 + 64);
        assertThat(Signature.verifies(body, "s3cret", header)).isTrue();
        assertThat(Signature.verifies(body, "other", header)).isFalse();
        assertThat(Signature.verifies("{\"planId\":\"q\"}".getBytes(), "s3cret", header)).isFalse();
        // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?")
        assertThat(Signature.of("what do ya want for nothing?".getBytes(), "Jefe"))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
