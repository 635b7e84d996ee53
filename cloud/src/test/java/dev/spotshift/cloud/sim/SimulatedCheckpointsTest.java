package dev.spotshift.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.Checksums;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.StoredObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedCheckpointsTest {

    private static final URI PREFIX = URI.create("s3://backup-bucket/spot-state/");
    private final SimulatedCheckpoints store = new SimulatedCloud(1, new SimClock(Instant.EPOCH)).checkpoints();

    @Test
    void roundTripsACheckpointWithItsChecksum() {
        byte[] state = "offset=42".getBytes(StandardCharsets.UTF_8);
        URI at = CheckpointStore.location(PREFIX, "p-1", "nightly_etl_batch", 3);

        StoredObject stored = store.put(at, state);

        assertThat(at.toString()).isEqualTo("s3://backup-bucket/spot-state/p-1/nightly_etl_batch/000000000003");
        assertThat(stored.sha256()).isEqualTo(Checksums.sha256Hex(state));
        assertThat(store.head(at)).contains(stored);
        assertThat(store.get(at)).isEqualTo(state);
        assertThat(store.list(URI.create("s3://backup-bucket/spot-state/p-1/"))).containsExactly(stored);
    }

    @Test
    void detectsACorruptedCheckpoint() {
        URI at = CheckpointStore.location(PREFIX, "p-1", "etl", 1);
        store.put(at, new byte[] {1, 2, 3});
        store.corrupt(at);
        assertThatThrownBy(() -> store.get(at)).isInstanceOf(CloudException.class)
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.CORRUPT);
    }

    @Test
    void reportsWhyAPrefixIsNotWritable() {
        store.breakBucket("backup-bucket", "AccessDenied");
        assertThat(store.probeWritable(PREFIX)).isFalse();
        assertThat(store.probe(PREFIX).problem()).contains("backup-bucket").contains("AccessDenied");
        assertThat(store.probe(URI.create("s3://other-bucket/x/")).writable()).isTrue();
        assertThat(store.head(URI.create("s3://other-bucket/none"))).isEmpty();
    }
}
