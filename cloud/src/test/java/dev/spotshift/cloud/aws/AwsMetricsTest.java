package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.MetricPoint;
import dev.spotshift.cloud.MetricQuery;
import dev.spotshift.cloud.MetricSeries;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.cloud.testing.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

@ExtendWith(MotoExtension.class)
class AwsMetricsTest {

    @Test
    void readsAGroupsCpuOverAWindow(Moto moto) {
        // Given three minutes of CPU data for the group (and another group's), put through the pinned client
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
        try (CloudWatchClient cw = CloudWatchClient.builder().endpointOverride(moto.endpoint()).region(Emulated.region())
                .credentialsProvider(Emulated.credentials()).build()) {
            double[] values = {40.0, 60.0, 80.0};
            // Another group's CPU at the same minute must not leak into the answer.
            cw.putMetricData(b -> b.namespace("AWS/EC2").metricData(MetricDatum.builder()
                    .metricName("CPUUtilization").timestamp(minute.plusSeconds(10)).value(99.0)
                    .dimensions(Dimension.builder().name("AutoScalingGroupName").value("reports").build()).build()));
            for (int n = 0; n < values.length; n++) {
                Instant at = minute.plus(Duration.ofMinutes(n)).plusSeconds(10);
                double v = values[n];
                cw.putMetricData(b -> b.namespace("AWS/EC2").metricData(MetricDatum.builder()
                        .metricName("CPUUtilization").timestamp(at).value(v)
                        .dimensions(Dimension.builder().name("AutoScalingGroupName").value("etl").build()).build()));
            }
        }
        // When the bridge reads the group's average CPU per minute
        try (AwsCloud cloud = Emulated.cloud(Emulated.config(moto.endpoint()))) {
            List<MetricSeries> series = cloud.metrics().read(Emulated.REGION,
                    List.of(MetricQuery.groupCpu("etl", Duration.ofMinutes(1))), minute, minute.plus(Duration.ofMinutes(5)));
            // Then one series comes back with the three per-minute values
            assertThat(series).singleElement().satisfies(s -> {
                assertThat(s.id()).isEqualTo("cpu");
                assertThat(s.points()).extracting(MetricPoint::value).containsExactlyInAnyOrder(40.0, 60.0, 80.0);
            });
        }
    }
}
