package dev.spotshift.simulator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.MetricPoint;
import dev.spotshift.cloud.MetricQuery;
import dev.spotshift.cloud.MetricSeries;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.simulator.domain.Tick;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated workload's shadow run put into (moto's) CloudWatch as a real one would, read back through the cloud
 * port by the cloud bridge's convention: the job figures, the mismatches and the shadow instances' CPU under
 * {@code Role=shadow} beside the group, apart from the serving figures.
 */
class CloudWatchWorkloadOnMotoTest {

    private static Moto moto;
    private static Cloud cloud;

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
        cloud = moto.cloud(null);
    }

    @AfterAll
    static void stopMoto() {
        cloud.close();
        moto.close();
    }

    private static List<MetricQuery> queries(Map<String, String> dims, String cpuNamespace) {
        Duration second = Duration.ofSeconds(1);
        return List.of(
                new MetricQuery("cpu", cpuNamespace, "CPUUtilization", dims, "Average", second),
                new MetricQuery("jobsCompleted", "Spotshift/Workload", "JobsCompleted", dims, "Sum", second),
                new MetricQuery("jobMillis", "Spotshift/Workload", "JobDurationMillis", dims, "Average", second),
                new MetricQuery("outputMismatches", "Spotshift/Workload", "OutputMismatches", dims, "Sum", second));
    }

    private static Map<String, Double> read(List<MetricQuery> queries, Instant at) {
        return cloud.metrics().read(Moto.REGION, queries, at.minusSeconds(5), at.plusSeconds(5)).stream()
                .filter(s -> !s.points().isEmpty())
                .collect(Collectors.toMap(MetricSeries::id,
                        s -> s.points().stream().mapToDouble(MetricPoint::value).sum()));
    }

    @Test
    void givenAShadowRunWhenItsIntervalIsPutThenTheBridgeReadsItsFiguresUnderTheShadowRoleApartFromTheServingOnes() {
        // Given one interval of group etl-sh: serving jobs, and the same jobs on the shadow capacity, one differing
        CloudWatchWorkload workload = new CloudWatchWorkload(new EmulatorApi(moto.endpoint(), Moto.REGION));
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Tick.Sample serving = new Tick.Sample(1000, 6, 0, 900, 40.0, 100, 300, 0);
        Tick.Shadow shadow = new Tick.Shadow(new Tick.Sample(1000, 6, 0, 990, 55.0, 30, 100, 100),
                List.of(new Tick.Mismatch("job-7", "aa11", "bb22")));

        // When the workload puts both, as on AWS
        workload.put("etl-sh", serving, at);
        workload.putShadow("etl-sh", shadow, at);

        // Then the shadow figures read back under AutoScalingGroupName=etl-sh and Role=shadow, the mismatch counted
        Map<String, Double> shadowRead = read(queries(Map.of("AutoScalingGroupName", "etl-sh", "Role", "shadow"),
                "Spotshift/Workload"), at);
        assertThat(shadowRead).containsEntry("jobsCompleted", 6.0).containsEntry("jobMillis", 990.0)
                .containsEntry("outputMismatches", 1.0).containsEntry("cpu", 55.0);
        // And the serving figures stay the group's own, without any mismatch
        Map<String, Double> servingRead = read(queries(Map.of("AutoScalingGroupName", "etl-sh"), "AWS/EC2"), at);
        assertThat(servingRead).containsEntry("jobsCompleted", 6.0).containsEntry("jobMillis", 900.0)
                .containsEntry("cpu", 40.0).doesNotContainKey("outputMismatches");
    }

    @Test
    void givenAMismatchingShadowIntervalWhenPutOnAwsThenItsCountIsInCloudWatchAndItsJobAndChecksumsInTheCheckpointBucket() {
        // Given the plan's checkpoint bucket in moto's S3 and one shadow interval of group etl-named, one job differing
        EmulatorApi api = new EmulatorApi(moto.endpoint(), Moto.REGION);
        String bucket = "shadow-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        api.s3("PUT", "/" + bucket);
        java.net.URI location = java.net.URI.create("s3://" + bucket + "/spot-state/");
        OnAws onAws = new OnAws(new CloudWatchWorkload(api), cloud.checkpoints());
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(400);
        Tick.Shadow shadow = new Tick.Shadow(new Tick.Sample(1000, 3, 0, 950, 50.0, 30, 100, 100),
                List.of(new Tick.Mismatch("job-42", "5pot", "0nd3mand")));

        // When the workload reports the interval as on AWS
        onAws.putShadow("etl-named", location, shadow, at);

        // Then CloudWatch counts the mismatch under Role=shadow
        Map<String, Double> shadowRead = read(queries(Map.of("AutoScalingGroupName", "etl-named", "Role", "shadow"),
                "Spotshift/Workload"), at);
        assertThat(shadowRead).containsEntry("outputMismatches", 1.0);
        // And the bridge's read of the interval's second names the job with its serving and shadow checksums
        Instant second = at.truncatedTo(ChronoUnit.SECONDS);
        assertThat(dev.spotshift.cloud.ShadowMismatchLog.read(cloud.checkpoints(), location, "etl-named", second,
                second.plusSeconds(1))).containsExactly(
                new dev.spotshift.cloud.ShadowMismatchLog.Mismatch("job-42", "0nd3mand", "5pot"));
        // And the intervals either side of it have none
        assertThat(dev.spotshift.cloud.ShadowMismatchLog.read(cloud.checkpoints(), location, "etl-named",
                second.minusSeconds(1), second)).isEmpty();
        assertThat(dev.spotshift.cloud.ShadowMismatchLog.read(cloud.checkpoints(), location, "etl-named",
                second.plusSeconds(1), second.plusSeconds(2))).isEmpty();
    }
}
