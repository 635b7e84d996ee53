package dev.spotshift.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.bridge.domain.LivePlan;
import dev.spotshift.bridge.domain.SampleAssembly;
import dev.spotshift.bridge.domain.SampleFigures;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.ShadowMismatchLog;
import dev.spotshift.cloud.ShadowMismatchLog.Mismatch;
import dev.spotshift.cloud.testing.Moto;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bridge names a shadow sample's mismatches from the workload's records in the plan's checkpoint bucket, read
 * through the AWS implementation of the port (moto's S3): the records since the plan's last shadow sample, no others.
 */
class ShadowNamesOnMotoTest {

    private static Moto moto;
    private static Cloud cloud;
    private static URI location;
    private static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
        cloud = moto.cloud(null);
        String bucket = "spot-state-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(moto.region())
                .credentialsProvider(moto.credentials()).forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        location = URI.create("s3://" + bucket + "/spot-state/");
    }

    @AfterAll
    static void stopMoto() {
        cloud.close();
        moto.close();
    }

    private static LivePlan plan(String group, URI checkpointLocation) {
        return new LivePlan("p-" + group, Moto.REGION, group, Set.of(), T, "d-" + group, null, checkpointLocation);
    }

    private static SampleAssembly.Result shadowSample(String planId, int inconsistencies) {
        return new SampleAssembly.Sample(new SampleFigures(planId, 1000, 4, 0, 1000, 50, 10, 30, 100, true,
                inconsistencies, List.of()));
    }

    private static SampleFigures figures(SampleAssembly.Result r) {
        return ((SampleAssembly.Sample) r).figures();
    }

    @Test
    void givenTheWorkloadsRecordsInTheCheckpointBucketWhenAShadowSampleIsNamedThenItNamesTheJobAndBothChecksums() {
        // Given records of group named-etl inside the span read and one after it
        ShadowMismatchLog.write(cloud.checkpoints(), location, "named-etl", T.plusMillis(300),
                List.of(new Mismatch("job-3", "serving-sha", "shadow-sha")));
        ShadowMismatchLog.write(cloud.checkpoints(), location, "named-etl", T.plusMillis(1300),
                List.of(new Mismatch("job-4", "x", "y")));
        LivePlan plan = plan("named-etl", location);

        // When the shadow sample of [T, T+1s), which counted one mismatch, is named
        SampleAssembly.Result named = ShadowNames.named(cloud.checkpoints(), plan, T, T.plusSeconds(1),
                shadowSample(plan.planId(), 1));

        // Then it names job-3 with its serving and shadow checksums, and its count stays one
        assertThat(figures(named).mismatches()).containsExactly(new Mismatch("job-3", "serving-sha", "shadow-sha"));
        assertThat(figures(named).dataInconsistencies()).isEqualTo(1);
    }

    @Test
    void givenAMismatchRecordedBeforeTheBridgeHadAShadowSampleWhenTheNextIsNamedThenItCarriesAndCountsIt() {
        // Given a record stamped in an interval the bridge had no shadow sample for (its capacity not yet listed)
        ShadowMismatchLog.write(cloud.checkpoints(), location, "early-etl", T.minusSeconds(7),
                List.of(new Mismatch("job-0", "od", "spot")));
        LivePlan plan = plan("early-etl", location);

        // When the first shadow sample, which counted nothing, is named from the plan's approval on
        SampleAssembly.Result named = ShadowNames.named(cloud.checkpoints(), plan, T.minusSeconds(60), T.plusSeconds(1),
                shadowSample(plan.planId(), 0));

        // Then the mismatch rides on it, named and counted
        assertThat(figures(named).mismatches()).containsExactly(new Mismatch("job-0", "od", "spot"));
        assertThat(figures(named).dataInconsistencies()).isEqualTo(1);
    }

    @Test
    void givenACountWithoutRecordsOrAPlanWithoutACheckpointLocationWhenNamedThenTheSampleStaysAsItWas() {
        // Given a record of group quiet-etl outside the span read
        ShadowMismatchLog.write(cloud.checkpoints(), location, "quiet-etl", T.plusSeconds(5),
                List.of(new Mismatch("job-1", "a", "b")));
        SampleAssembly.Result counted = shadowSample("p-quiet-etl", 2);
        // When a sample counting two mismatches is named over a span without records, and for a plan without a
        // checkpoint location over a span with one
        // Then both stay as they were: the count stands (the monitor still rolls back on it), without names
        assertThat(ShadowNames.named(cloud.checkpoints(), plan("quiet-etl", location), T, T.plusSeconds(1), counted))
                .isSameAs(counted);
        assertThat(ShadowNames.named(cloud.checkpoints(), plan("quiet-etl", null), T, T.plusSeconds(10), counted))
                .isSameAs(counted);
    }
}
