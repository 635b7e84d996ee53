package dev.spotshift.analyzer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    final IdempotencyKeys keys = new IdempotencyKeys();

    static SortedMap<String, String> plan(String text) {
        return new TreeMap<>(java.util.Map.of("etl", text));
    }

    @Test
    void aKeyWhoseSubmissionsAreNotAcknowledgedYetIsPendingNotDone() {
        // Given a first request that claimed the key and is still publishing
        assertThat(keys.claim("k", List.of("p1"), plan("v1"))).isInstanceOf(IdempotencyKeys.Claim.Fresh.class);

        // When the same request comes again before the broker acknowledged the first
        var second = keys.claim("k", List.of("p1"), plan("v1"));

        // Then it is told to retry, not that the plans are recorded
        assertThat(second).isEqualTo(new IdempotencyKeys.Claim.Pending(List.of("p1")));
    }

    @Test
    void aKeyIsARepeatOnlyOnceItsSubmissionsAreRecorded() {
        keys.claim("k", List.of("p1"), plan("v1"));

        keys.recorded("k");

        assertThat(keys.claim("k", List.of("p1"), plan("v1"))).isEqualTo(new IdempotencyKeys.Claim.Repeat(List.of("p1")));
    }

    @Test
    void aKeyWhosePublishFailedIsFreeForTheRetry() {
        keys.claim("k", List.of("p1"), plan("v1"));

        keys.release("k");

        assertThat(keys.claim("k", List.of("p1"), plan("v1"))).isInstanceOf(IdempotencyKeys.Claim.Fresh.class);
    }

    @Test
    void theSameKeyForOtherContentIsAConflictWhetherRecordedOrPending() {
        keys.claim("pending", List.of("p1"), plan("v1"));
        keys.claim("done", List.of("p2"), plan("v1"));
        keys.recorded("done");

        assertThat(keys.claim("pending", List.of("p1"), plan("v2"))).isEqualTo(new IdempotencyKeys.Claim.Conflict(List.of("p1")));
        assertThat(keys.claim("done", List.of("p2"), plan("v2"))).isEqualTo(new IdempotencyKeys.Claim.Conflict(List.of("p2")));
    }

    @Test
    void submissionsReadBackFromTheLogAreRecordedWithEveryPlanOfTheKey() {
        keys.replayed("k", "p1", "etl", "v1");
        keys.replayed("k", "p2", "reports", "v2");
        keys.replayed("k", "p1", "etl", "v1");

        SortedMap<String, String> both = new TreeMap<>(java.util.Map.of("etl", "v1", "reports", "v2"));
        assertThat(keys.claim("k", List.of("p1", "p2"), both)).isEqualTo(new IdempotencyKeys.Claim.Repeat(List.of("p1", "p2")));
    }
}
