package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.Checksums;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.cloud.WriteProbe;
import dev.spotshift.cloud.testing.Moto;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The same checkpoint contract against both S3 emulators: s3proxy (checks signatures) and moto. */
class AwsCheckpointsTest {

    record Emulator(String name, URI endpoint) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final class Emulators implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
            Moto moto = Moto.in(context);
            moto.reset();
            return Stream.of(Arguments.of(new Emulator("s3proxy", S3Emulators.s3proxy(context).endpoint())),
                    Arguments.of(new Emulator("moto", moto.endpoint())));
        }
    }

    private static S3Client raw(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Emulated.region()).forcePathStyle(true)
                .credentialsProvider(Emulated.credentials()).build();
    }

    private static String newBucket(URI endpoint) {
        String bucket = "spot-state-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = raw(endpoint)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    private static AwsCloud cloud(URI endpoint) {
        Map<String, String> config = Emulated.config(URI.create("http://127.0.0.1:9"));
        config.put(CloudFactory.AWS_S3_ENDPOINT_OVERRIDE, endpoint.toString());
        return Emulated.cloud(config);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(Emulators.class)
    void roundTripsACheckpointWithItsSha256(Emulator emulator) {
        String bucket = newBucket(emulator.endpoint());
        byte[] state = "{\"offset\":4711}".getBytes(StandardCharsets.UTF_8);
        URI at = CheckpointStore.location(URI.create("s3://" + bucket + "/spot-state/"), "p-1", "nightly_etl_batch", 1);
        try (AwsCloud cloud = cloud(emulator.endpoint())) {
            StoredObject put = cloud.checkpoints().put(at, state);

            assertThat(put).isEqualTo(new StoredObject(at, state.length, Checksums.sha256Hex(state)));
            assertThat(cloud.checkpoints().head(at)).contains(put);
            assertThat(cloud.checkpoints().get(at)).isEqualTo(state);
            assertThat(cloud.checkpoints().list(URI.create("s3://" + bucket + "/spot-state/p-1/"))).containsExactly(put);
            assertThat(cloud.checkpoints().head(URI.create("s3://" + bucket + "/spot-state/none"))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(Emulators.class)
    void detectsACheckpointWhoseContentNoLongerMatchesItsChecksum(Emulator emulator) {
        String bucket = newBucket(emulator.endpoint());
        URI at = URI.create("s3://" + bucket + "/spot-state/p-1/etl/000000000001");
        try (AwsCloud cloud = cloud(emulator.endpoint()); S3Client s3 = raw(emulator.endpoint())) {
            StoredObject put = cloud.checkpoints().put(at, new byte[] {1, 2, 3});
            // Overwritten by someone else with the old checksum kept: what a torn or foreign write looks like.
            s3.putObject(b -> b.bucket(bucket).key("spot-state/p-1/etl/000000000001")
                    .metadata(Map.of(AwsCheckpoints.SHA256_META, put.sha256())), RequestBody.fromBytes(new byte[] {9, 9}));

            assertThatThrownBy(() -> cloud.checkpoints().get(at)).isInstanceOf(CloudException.class)
                    .hasMessageContaining(put.sha256())
                    .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.CORRUPT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(Emulators.class)
    void probesAWritablePrefixAndReportsAMissingBucket(Emulator emulator) {
        String bucket = newBucket(emulator.endpoint());
        try (AwsCloud cloud = cloud(emulator.endpoint()); S3Client s3 = raw(emulator.endpoint())) {
            assertThat(cloud.checkpoints().probeWritable(URI.create("s3://" + bucket + "/spot-state/"))).isTrue();
            // The probe object is gone again.
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();

            WriteProbe missing = cloud.checkpoints().probe(URI.create("s3://no-such-bucket-" + bucket + "/x/"));
            assertThat(missing.writable()).isFalse();
            assertThat(missing.problem()).contains("s3:PutObject").contains("NoSuchBucket");
        }
    }
}
