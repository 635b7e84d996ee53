package dev.spotshift.executor.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.events.CheckpointHead;
import dev.spotshift.events.RestoreChecked;
import dev.spotshift.events.ValidateRestore;
import dev.spotshift.events.VerifyCheckpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The interruption path's checkpoint calls against S3 as moto emulates it, through the AWS side of the port. */
class CheckpointOnMotoTest {

    private static Moto moto;
    private static Cloud cloud;
    private static S3Client s3;
    private String bucket;

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
        cloud = moto.cloud(null);
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(moto.region()).forcePathStyle(true)
                .credentialsProvider(moto.credentials()).build();
    }

    @AfterAll
    static void stopMoto() {
        s3.close();
        cloud.close();
        moto.close();
    }

    @BeforeEach
    void bucket() {
        bucket = "spot-state-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
    }

    /** What the workload's agent does on a CHECKPOINT command: write through the store, which records the sha256. */
    private StoredObject agentWrites(URI at) {
        return cloud.checkpoints().put(at, "{\"offset\":4711}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reportedCheckpointIsInTheBucketAndReadsBackWithItsChecksum() {
        // Given the agent wrote the checkpoint where the command said
        URI at = URI.create("s3://" + bucket + "/spot-state/plan-1/etl/000000000001");
        StoredObject written = agentWrites(at);
        SpotActions calls = new SpotActions(cloud);

        // When the actuator verifies the report and validates the restore
        CheckpointHead verified = calls.verify(new VerifyCheckpoint("w-1", at.toString(), written.sizeBytes(),
                written.sha256()));
        RestoreChecked restored = calls.validate(new ValidateRestore("w-1", at.toString(), verified.getSha256()));

        // Then the object is really in the bucket, its checksum verified, and it reads back whole
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
                .containsExactly("spot-state/plan-1/etl/000000000001");
        assertThat(verified.getVerified()).isTrue();
        assertThat(verified.getSha256()).isEqualTo(written.sha256());
        assertThat(restored.getValid()).isTrue();
    }

    @Test
    void corruptedCheckpointFailsRestoreValidation() {
        // Given a checkpoint overwritten with other bytes under the checksum of the original (a torn or foreign write)
        URI at = URI.create("s3://" + bucket + "/spot-state/plan-1/etl/000000000002");
        StoredObject written = agentWrites(at);
        s3.putObject(b -> b.bucket(bucket).key("spot-state/plan-1/etl/000000000002")
                .metadata(Map.of("sha256", written.sha256())), RequestBody.fromBytes(new byte[] {9, 9}));
        SpotActions calls = new SpotActions(cloud);

        // When the actuator validates the restore for the replacement
        RestoreChecked restored = calls.validate(new ValidateRestore("w-2", at.toString(), written.sha256()));

        // Then validation fails, naming the checksum
        assertThat(restored.getValid()).isFalse();
        assertThat(restored.getDetail()).contains(written.sha256());
    }

    @Test
    void reportNamingAnAbsentCheckpointIsNotVerified() {
        // Given a report for a location nothing was written to
        URI at = URI.create("s3://" + bucket + "/spot-state/plan-1/etl/000000000003");

        // When the executor verifies it
        CheckpointHead verified = new SpotActions(cloud).verify(new VerifyCheckpoint("w-3", at.toString(), 10L,
                "00".repeat(32)));

        // Then it is not verified
        assertThat(verified.getVerified()).isFalse();
    }
}
