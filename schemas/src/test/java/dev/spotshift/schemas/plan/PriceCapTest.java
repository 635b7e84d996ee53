package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PriceCapTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.7 x on-demand", "0.7 × on-demand", "0.7 * on-demand", "on-demand-price * 0.7", "70% of on-demand", "0.7x on demand"})
    void aFractionOfOnDemandReadsInEveryWayTheSeedsWriteIt(String text) {
        assertThat(PriceCap.parse(text)).hasValueSatisfying(c -> {
            assertThat(c.fractionOfOnDemand()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(c.absoluteMicros()).isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"$0.045/h", "$0.045", "0.045 USD/h", "0.045 usd"})
    void anAbsoluteCapReadsAsMicroDollarsPerHour(String text) {
        assertThat(PriceCap.parse(text)).hasValueSatisfying(c -> assertThat(c.absoluteMicros()).isEqualTo(45_000L));
    }

    @Test
    void aBareNumberIsRefusedBecauseNobodyCanTellAFractionFromDollars() {
        assertThat(PriceCap.parse("0.7")).isEmpty();
    }
}
