package dev.spotshift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lag-growth figure judged against "flat" (<= 0): a slope, not floating-point dust. */
class LagSlopeTest {

    @Test
    void aSecondHalfThatReturnsToWhereItStartedIsFlatExactly() {
        // the shape of the N = 100 series of a real run; unrounded, this one's least-squares slope is 1.9e-17
        List<Long> series = List.of(100L, 100L, 0L, 0L, 0L, 0L, 0L, 0L, 19L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                0L, 0L, 0L, 0L, 0L, 0L, 19L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
        Row row = Concurrency.growth("6", "executor lag, 2nd half growth", series).noMoreThan(0);
        assertThat(row.median()).isLessThanOrEqualTo(0.0);
        assertThat(row.status()).isEqualTo("met");
    }

    @Test
    void aGrowingSecondHalfIsMissedWithItsSlope() {
        List<Long> series = List.of(0L, 0L, 0L, 0L, 10L, 20L, 30L, 40L);
        Row row = Concurrency.growth("6", "executor lag, 2nd half growth", series).noMoreThan(0);
        assertThat(row.median()).isEqualTo(10.0);
        assertThat(row.status()).isEqualTo("missed");
    }
}
