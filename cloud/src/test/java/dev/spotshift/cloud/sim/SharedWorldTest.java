package dev.spotshift.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.NoticeBatch;
import dev.spotshift.cloud.NoticeKind;
import dev.spotshift.cloud.SpotShare;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several simulated clouds (processes of one demo, or one process restarted) acting on one world directory. */
class SharedWorldTest {

    static final String REGION = "us-east-1";
    static final String GROUP = "nightly-etl-batch";
    static final List<String> TYPES = List.of("m5.large", "m5a.large");

    @TempDir
    Path dir;

    /** What a service process builds from its configuration, as the demo configures every one. */
    static SimulatedCloud process(Path world) {
        return (SimulatedCloud) CloudFactory.fromConfig(Map.of(
                CloudFactory.SIM_WORLD_DIR, world.toString(),
                CloudFactory.SIM_GROUPS, REGION + "/" + GROUP + "/m5.large+m5a.large/4"));
    }

    static SpotShare spot(int percent) {
        return new SpotShare(0, 100 - percent, SpotShare.PRICE_CAPACITY_OPTIMIZED, TYPES);
    }

    @Test
    void aShareSetByOneProcessIsWhatAnotherSees() {
        // Given the executor's and the analyzer's clouds on one world
        SimulatedCloud executor = process(dir);
        SimulatedCloud analyzer = process(dir);
        // When the executor moves the group to 50 % spot
        executor.capacity().setSpotShare(REGION, GROUP, spot(50));
        // Then the analyzer sees the same group, the same instances and the executor's call in the ledger
        GroupState seen = analyzer.capacity().describeGroup(REGION, GROUP);
        assertThat(seen.onDemandPercentAboveBase()).isEqualTo(50);
        assertThat(seen.activeCount(Lifecycle.SPOT)).isEqualTo(2);
        assertThat(seen.instances()).isEqualTo(executor.capacity().describeGroup(REGION, GROUP).instances());
        assertThat(analyzer.calls()).extracting(CapacityCall::operation).containsExactly("autoscaling:UpdateAutoScalingGroup");
    }

    @Test
    void aProcessRestartedIntoTheWorldFindsTheFleetAsItWasLeft() {
        SimulatedCloud before = process(dir);
        before.capacity().setSpotShare(REGION, GROUP, spot(75));
        List<InstanceInfo> instances = before.capacity().describeGroup(REGION, GROUP).instances();

        // When a new process starts with the same configuration (its groups list included)
        SimulatedCloud after = process(dir);

        // Then the group is not recreated all on-demand: it keeps its share and its instances
        GroupState g = after.capacity().describeGroup(REGION, GROUP);
        assertThat(g.onDemandPercentAboveBase()).isEqualTo(25);
        assertThat(g.instances()).isEqualTo(instances);
        // And an instance launched now does not reuse an id the first process gave out
        InstanceInfo launched = after.capacity().launch(new LaunchRequest(REGION, null, TYPES, Lifecycle.SPOT, "plan-1", Map.of(), "cmd-1", null));
        assertThat(instances).extracting(InstanceInfo::instanceId).doesNotContain(launched.instanceId());
        assertThat(before.capacity().ownedInstances(REGION)).extracting(InstanceInfo::instanceId)
                .containsExactly(launched.instanceId());
    }

    @Test
    void aNoticeSentInOneProcessIsReceivedAndDeletedInAnother() {
        SimulatedCloud executor = process(dir);
        SimulatedCloud other = process(dir);
        other.capacity().setSpotShare(REGION, GROUP, spot(100));
        // When the world warns a spot instance through one process
        List<String> warned = other.interruptSpotInstances(REGION, 1);
        // Then the other reads the warning off the shared queue, and once deleted it is gone for both
        NoticeBatch batch = executor.notices().receive(10, Duration.ZERO);
        assertThat(batch.notices()).hasSize(1);
        assertThat(batch.notices().get(0).notice().instanceId()).isEqualTo(warned.get(0));
        assertThat(batch.notices().get(0).notice().kind()).isEqualTo(NoticeKind.INTERRUPTION_WARNING);
        executor.notices().delete(batch.notices().get(0).receiptHandle());
        assertThat(other.notices().depth()).isZero();
    }

    @Test
    void concurrentProcessesLoseNoUpdate() throws Exception {
        // Given the world set up here, and a second JVM launching into it while this one does too
        process(dir);
        int each = 150;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WorldLauncher.class.getName(), dir.toString(),
                Integer.toString(each), "child")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> Files.exists(dir.resolve("ready")) || !child.isAlive());
        List<SimulatedCloud> writers = List.of(process(dir), process(dir));
        Files.writeString(dir.resolve("go"), ""); // all three start together
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int n = 0; n < writers.size(); n++) {
            SimulatedCloud writer = writers.get(n);
            String name = "thread-" + n;
            threads.add(CompletableFuture.runAsync(() -> WorldLauncher.launch(writer, each, name)));
        }
        threads.forEach(CompletableFuture::join);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();

        // Then every launch of the three writers is in the world, each with its own id and its own ledger entry
        SimulatedCloud reader = process(dir);
        List<InstanceInfo> owned = reader.capacity().ownedInstances(REGION);
        assertThat(owned).hasSize(3 * each);
        assertThat(new HashSet<>(owned.stream().map(InstanceInfo::instanceId).toList())).hasSize(3 * each);
        assertThat(reader.calls()).filteredOn(c -> c.operation().equals("ec2:RunInstances")).hasSize(3 * each);
    }

    @Test
    void anUnreadableWorldFileIsACloudErrorNamingTheDirectory() throws Exception {
        SimulatedCloud cloud = process(dir);
        Files.writeString(dir.resolve(SharedWorld.STATE_FILE), "{ not json");
        assertThatThrownBy(() -> cloud.capacity().describeGroup(REGION, GROUP))
                .isInstanceOf(CloudException.class)
                .hasMessageContaining(dir.toRealPath().toString())
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.UNAVAILABLE);
    }

    @Test
    void withoutADirectoryEachCloudHasItsOwnWorld() {
        SimulatedCloud a = (SimulatedCloud) CloudFactory.fromConfig(Map.of(CloudFactory.SIM_GROUPS, REGION + "/" + GROUP + "/m5.large/2"));
        SimulatedCloud b = (SimulatedCloud) CloudFactory.fromConfig(Map.of(CloudFactory.SIM_GROUPS, REGION + "/" + GROUP + "/m5.large/2"));
        a.capacity().setSpotShare(REGION, GROUP, new SpotShare(0, 0, SpotShare.PRICE_CAPACITY_OPTIMIZED, List.of("m5.large")));
        assertThat(b.capacity().describeGroup(REGION, GROUP).onDemandPercentAboveBase()).isEqualTo(100);
        assertThat(a.capacity().sharedDirectory()).isEmpty();
        assertThat(new File(dir.toFile(), SharedWorld.STATE_FILE)).doesNotExist();
    }
}
