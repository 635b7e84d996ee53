package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.SpotPricePoint;
import dev.spotshift.cloud.testing.InterceptingProxy;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.cloud.testing.MotoExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

@ExtendWith(MotoExtension.class)
class AwsSpotMarketTest {

    private static final List<String> M5 = List.of("m5.large", "m5a.large");

    @Test
    void parsesSpotPriceHistoryIntoMicroDollarPoints(Moto moto) {
        try (AwsCloud cloud = Emulated.cloud(Emulated.config(moto.endpoint()))) {
            Instant now = Instant.now();
            List<SpotPricePoint> points = cloud.market().spotPriceHistory(Emulated.REGION, M5,
                    now.minus(Duration.ofDays(1)), now);
            assertThat(points).isNotEmpty().allSatisfy(p -> {
                assertThat(p.instanceType()).isIn(M5);
                assertThat(p.availabilityZone()).startsWith("us-east-1");
                assertThat(p.priceMicros()).isPositive();
            });
        }
    }

    @Test
    void retriesAThrottledCallWithBackoffUntilItSucceeds(Moto moto) {
        // Given EC2 throttles the first two requests
        try (InterceptingProxy proxy = InterceptingProxy.throttling(moto.endpoint(), 2);
             AwsCloud cloud = Emulated.cloud(Emulated.config(proxy.endpoint()))) {
            // When the price history is asked for once
            List<SpotPricePoint> points = cloud.market().spotPriceHistory(Emulated.REGION, M5,
                    Instant.now().minus(Duration.ofHours(1)), Instant.now());
            // Then the SDK retried through the throttling and the answer arrived on the third attempt
            assertThat(points).isNotEmpty();
            assertThat(proxy.requests()).isEqualTo(3);
        }
    }

    @Test
    void reportsThrottlingNamingTheCallOnceRetriesRunOut(Moto moto) {
        try (InterceptingProxy proxy = InterceptingProxy.throttling(moto.endpoint(), Integer.MAX_VALUE)) {
            Map<String, String> config = Emulated.config(proxy.endpoint());
            config.put(CloudFactory.AWS_MAX_ATTEMPTS, "2");
            try (AwsCloud cloud = Emulated.cloud(config)) {
                assertThatThrownBy(() -> cloud.market().spotPriceHistory(Emulated.REGION, M5,
                        Instant.now().minus(Duration.ofHours(1)), Instant.now()))
                        .isInstanceOf(CloudException.class)
                        .hasMessageContaining("ec2:DescribeSpotPriceHistory").hasMessageContaining("RequestLimitExceeded")
                        .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.THROTTLED);
                assertThat(proxy.requests()).isEqualTo(2);
            }
        }
    }

    @Test
    void rejectsAnAnswerWithANegativeOrMissingPriceNamingTheField() {
        SpotPrice negative = SpotPrice.builder().instanceType("m5.large").availabilityZone("us-east-1a")
                .timestamp(Instant.EPOCH).spotPrice("-0.01").build();
        SpotPrice noZone = SpotPrice.builder().instanceType("m5.large").timestamp(Instant.EPOCH).spotPrice("0.03").build();
        SpotPrice garbage = SpotPrice.builder().instanceType("m5.large").availabilityZone("us-east-1a")
                .timestamp(Instant.EPOCH).spotPrice("cheap").build();

        assertThatThrownBy(() -> AwsSpotMarket.toPoint("op", "spotPriceHistory[0]", negative))
                .hasMessageContaining("spotPriceHistory[0].spotPrice").hasMessageContaining("negative");
        assertThatThrownBy(() -> AwsSpotMarket.toPoint("op", "spotPriceHistory[1]", noZone))
                .hasMessageContaining("spotPriceHistory[1].availabilityZone");
        assertThatThrownBy(() -> AwsSpotMarket.toPoint("op", "spotPriceHistory[2]", garbage))
                .hasMessageContaining("not a number");
        assertThat(AwsSpotMarket.toPoint("op", "p", SpotPrice.builder().instanceType("m5.large")
                .availabilityZone("us-east-1a").timestamp(Instant.EPOCH).spotPrice("0.034500").build()).priceMicros())
                .isEqualTo(34_500L);
    }

    @Test
    void readsInterruptionBandsFromTheAdvisorFile(@TempDir Path dir) throws Exception {
        Path advisor = dir.resolve("spot-advisor-data.json");
        Files.writeString(advisor, """
                {"spot_advisor":{"us-east-1":{"Linux":{"m5.large":{"s":70,"r":0},"c5n.large":{"s":60,"r":4},
                 "r5.large":{"s":60,"r":"high"}}}}}""");
        Map<String, String> config = Emulated.config(java.net.URI.create("http://127.0.0.1:9"));
        config.put(AwsConfig.ADVISOR_FILE, advisor.toString());
        try (AwsCloud cloud = Emulated.cloud(config)) {
            assertThat(cloud.market().interruptionFrequency("us-east-1", "m5.large")).isEqualTo(InterruptionFrequency.UNDER_5);
            assertThat(cloud.market().interruptionFrequency("us-east-1", "c5n.large")).isEqualTo(InterruptionFrequency.OVER_20);
            assertThatThrownBy(() -> cloud.market().interruptionFrequency("us-east-1", "m5zz.large"))
                    .hasMessageContaining("m5zz.large");
            assertThatThrownBy(() -> cloud.market().interruptionFrequency("us-east-1", "r5.large"))
                    .hasMessageContaining("spot_advisor.us-east-1.Linux.r5.large.r");
            assertThat(cloud.market().onDemandPriceMicros("us-east-1", "m5.large")).isEqualTo(96_000L);
        }
    }
}
