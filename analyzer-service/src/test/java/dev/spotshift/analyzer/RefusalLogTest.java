package dev.spotshift.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalLogTest {

    @Test
    void aCallerIsLoggedOncePerReasonHoweverOftenItIsRefused() {
        RefusalLog log = new RefusalLog();

        assertThat(log.first("forbidden", "principal:alice")).isTrue();
        assertThat(log.first("forbidden", "principal:alice")).isFalse();
        assertThat(log.first("forbidden", "principal:bob")).isTrue();
        assertThat(log.first("unauthenticated", "principal:alice")).isTrue();
    }

    @Test
    void aFloodOfCallersIsForgottenRatherThanKeptWithoutBound() {
        RefusalLog log = new RefusalLog();
        for (int i = 0; i < RefusalLog.MAX_CALLERS; i++) {
            log.first("unauthenticated", "address:10.0." + i);
        }

        assertThat(log.first("unauthenticated", "address:10.0.0")).as("forgotten after the bound").isTrue();
    }
}
