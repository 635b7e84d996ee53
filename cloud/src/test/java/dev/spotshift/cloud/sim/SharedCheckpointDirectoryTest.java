package dev.spotshift.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.StoredObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedCheckpointDirectoryTest {

    private static final URI PREFIX = URI.create("s3://spotshift-demo/state/");

    @TempDir
    Path dir;

    private CheckpointStore storeOfAnotherProcess() {
        return CloudFactory.fromConfig(Map.of(CloudFactory.SIM_CHECKPOINT_DIR, dir.toString())).checkpoints();
    }

    @Test
    void aCheckpointWrittenByOneCloudIsReadAndVerifiedByAnother() {
        // Given the workload's simulated cloud and the executor's, sharing one directory
        CheckpointStore workload = storeOfAnotherProcess();
        CheckpointStore executor = storeOfAnotherProcess();
        URI at = CheckpointStore.location(PREFIX, "plan-1", "nightly_etl_batch", 7);
        byte[] state = "offset=1234".getBytes(StandardCharsets.UTF_8);

        // When the workload writes its checkpoint
        StoredObject written = workload.put(at, state);

        // Then the executor sees the same object, checksum and bytes
        assertThat(executor.head(at)).contains(written);
        assertThat(executor.get(at)).isEqualTo(state);
        assertThat(executor.list(URI.create("s3://spotshift-demo/state/plan-1/"))).containsExactly(written);
        assertThat(executor.head(CheckpointStore.location(PREFIX, "plan-2", "x", 1))).isEmpty();
    }

    @Test
    void corruptionInTheSharedDirectoryIsCaughtByTheReader() {
        SimulatedCheckpoints workload = (SimulatedCheckpoints) storeOfAnotherProcess();
        URI at = CheckpointStore.location(PREFIX, "plan-1", "etl", 1);
        workload.put(at, new byte[] {1, 2, 3});
        workload.corrupt(at);

        assertThatThrownBy(() -> storeOfAnotherProcess().get(at)).isInstanceOf(CloudException.class)
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.CORRUPT);
    }
}
