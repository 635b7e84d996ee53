package dev.spotshift.bridge;

import static dev.spotshift.bridge.BridgeEvents.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.bridge.domain.WorkloadMetricsConvention;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.ShadowCapacity;
import dev.spotshift.cloud.ShadowMismatchLog;
import dev.spotshift.cloud.EventBridgeNotices;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.InterruptionNotice;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.NoticeKind;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.InterruptionKind;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge on the real broker and registry, with the simulated account behind it. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class BridgeOnRealBrokerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    Cloud cloud;

    @Inject
    PlanDirectory directory;

    @Inject
    BridgeMetrics meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    private SimulatedCloud sim;
    private BrokerClient broker;

    @BeforeEach
    void connect() {
        sim = (SimulatedCloud) ClientProxy.unwrap(cloud);
        broker = new BrokerClient(bootstrap, registryUrl);
    }

    @AfterEach
    void disconnect() {
        broker.close();
    }

    @Test
    void aWarnedSpotInstanceOfAnApprovedPlansGroupBecomesThatPlansWarningAndLeavesTheQueue() throws Exception {
        // Given plan P approved on group bridge-etl, whose instances are all spot now
        String planId = approve("bridge-etl");
        sim.capacity().setSpotShare(REGION, "bridge-etl",
                new SpotShare(0, 0, SpotShare.PRICE_CAPACITY_OPTIMIZED, List.of("m5.large", "m5a.large")));

        // When EC2 warns one of them (of this group: the other cases leave spot instances of their own in the region)
        String warned = sim.interruptSpotInstances(REGION, "bridge-etl", 1).get(0);
        InstanceInfo instance = sim.capacity().describeInstances(REGION, List.of(warned)).get(0);

        // Then P gets the warning with the instance's type and zone, and the queue is drained
        SpotInterruptionWarning w = warningFor(planId, warned);
        assertThat(w.getKind()).isEqualTo(InterruptionKind.INTERRUPTION_WARNING);
        assertThat(w.getInstanceType()).isEqualTo(instance.instanceType());
        assertThat(w.getAvailabilityZone()).isEqualTo(instance.availabilityZone());
        assertThat(w.getDeadline()).isEqualTo(w.getNoticeAt().plus(EventBridgeNotices.NOTICE_PERIOD));
        assertThat(w.getSourceEventId()).isNotBlank().isNotEqualTo(w.getEnvelope().getEventId());
        assertThat(w.getEnvelope().getPlanId()).isEqualTo(planId);
        assertThat(w.getEnvelope().getProducer()).startsWith("cloud-bridge/");
        awaitQueueEmpty();

        // And a notice EventBridge delivered with a known id carries that id as sourceEventId
        String other = groupInstances("bridge-etl").stream().filter(i -> !i.equals(warned)).findFirst().orElseThrow();
        String eventId = "evt-" + UUID.randomUUID();
        sim.notices().send(EventBridgeNotices.toJson(notice(eventId, other), "123456789012"));
        assertThat(warningFor(planId, other).getSourceEventId()).isEqualTo(eventId);
        awaitQueueEmpty();
    }

    @Test
    void aMalformedMessageBecomesADeadLetterWithItsReasonAndLeavesTheQueue() {
        // When something that is not an EventBridge notice lands on the queue
        String messageId = sim.notices().send("not json");

        // Then a dead letter keeps it whole, with the reason, and the queue is drained
        DeadLetter letter = broker.readUntil(Topics.DEAD_LETTERS, messageId, l -> !l.isEmpty()).get(0);
        assertThat(letter.getReason()).contains("not JSON");
        assertThat(letter.getSourceTopic()).isEqualTo(NoticeBridge.QUEUE_SOURCE);
        assertThat(StandardCharsets.UTF_8.decode(letter.getValue()).toString()).isEqualTo("not json");
        assertThat(letter.getConsumer()).isEqualTo("cloud-bridge");
        awaitQueueEmpty();
        assertThat(meters.notices("dead_lettered")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aNoticeForAnInstanceOfNoPlanIsDeletedAndNotPublished() throws Exception {
        // Given an instance of a group no plan shifts
        String stranger = groupInstances("bridge-orphan").get(0);
        double unownedBefore = meters.notices("unowned");

        // When EC2 warns it
        String eventId = "evt-" + UUID.randomUUID();
        sim.notices().send(EventBridgeNotices.toJson(notice(eventId, stranger), "123456789012"));

        // Then the message is deleted and counted, and no warning carries it
        awaitQueueEmpty();
        await().atMost(PATIENCE).until(() -> meters.notices("unowned") > unownedBefore);
        assertThat(broker.readAll(Topics.SPOT_INTERRUPTIONS))
                .noneMatch(w -> eventId.equals(w.getSourceEventId()));
    }

    @Test
    void afterThePlansTerminalStatusItsInstancesAreNoLongerBridged() throws Exception {
        // Given plan Q on group bridge-report, whose instance's warning is bridged
        String planId = approve("bridge-report");
        List<String> instances = groupInstances("bridge-report");
        String first = "evt-" + UUID.randomUUID();
        sim.notices().send(EventBridgeNotices.toJson(notice(first, instances.get(0)), "123456789012"));
        assertThat(warningFor(planId, instances.get(0)).getSourceEventId()).isEqualTo(first);

        // When the monitor records Q's terminal status
        broker.publish(Topics.MIGRATION_STATUS, planId, BridgeEvents.completed(planId));
        await().atMost(PATIENCE).until(() -> !directory.plans().isLive(planId));

        // Then a warning for another of the group's instances is deleted, not published
        double unownedBefore = meters.notices("unowned");
        String second = "evt-" + UUID.randomUUID();
        sim.notices().send(EventBridgeNotices.toJson(notice(second, instances.get(1)), "123456789012"));
        awaitQueueEmpty();
        await().atMost(PATIENCE).until(() -> meters.notices("unowned") > unownedBefore);
        assertThat(broker.readAll(Topics.SPOT_INTERRUPTIONS)).noneMatch(w -> second.equals(w.getSourceEventId()));
    }

    @Test
    void aLivePlansGroupIsSampledFromItsMetricsCapacityAndPrices() throws Exception {
        // Given plan M on group bridge-metrics, half spot, whose workload reports its jobs by the convention
        Map<String, String> dims = Map.of(WorkloadMetricsConvention.DIMENSION, "bridge-metrics");
        Instant from = Instant.now().minusSeconds(5);
        sim.metrics().set(WorkloadMetricsConvention.NAMESPACE, WorkloadMetricsConvention.JOBS_COMPLETED, dims, from, 7);
        sim.metrics().set(WorkloadMetricsConvention.NAMESPACE, WorkloadMetricsConvention.JOB_DURATION, dims, from, 1200);
        sim.capacity().setSpotShare(REGION, "bridge-metrics",
                new SpotShare(0, 50, SpotShare.PRICE_CAPACITY_OPTIMIZED, List.of("m5.large")));
        long spot = sim.capacity().describeGroup(REGION, "bridge-metrics").activeCount(Lifecycle.SPOT);
        long running = sim.capacity().describeGroup(REGION, "bridge-metrics").instances().stream()
                .filter(InstanceInfo::isActive).count();
        String planId = approve("bridge-metrics");

        // Then samples keyed by M arrive, one per second-long interval, with the figures of the group
        List<MetricSample> samples = broker.readUntil(Topics.WORKLOAD_METRICS, planId, l -> l.size() >= 2);
        MetricSample s = samples.get(samples.size() - 1);
        assertThat(s.getIntervalMillis()).isEqualTo(1000);
        assertThat(s.getCpuUtilisationPercent()).isBetween(35.0, 55.0);
        assertThat(s.getSpotPercent()).isEqualTo((int) Math.round(100.0 * spot / running));
        assertThat(s.getJobsCompleted()).isEqualTo(7);
        assertThat(s.getMeanJobMillis()).isEqualTo(1200);
        assertThat(s.getJobsFailed()).isZero();
        assertThat(s.getCostMicros()).isPositive().isLessThan(s.getOnDemandCostMicros());
        assertThat(s.getEnvelope().getPlanId()).isEqualTo(planId);
        assertThat(meters.samples("published")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aPlansShadowRunIsSampledApartFromItsServingCapacityWithTheMismatchesTheWorkloadCountedAndNamed() throws Exception {
        // Given plan S on group bridge-shadow, all on-demand, with one shadow spot instance launched for it
        String planId = "plan-" + UUID.randomUUID();
        new ShadowCapacity(sim.capacity()).launch(new ShadowCapacity.Launch(REGION, planId, List.of("m5.large"), 1,
                "shadow-launch-" + planId, "bridge-test"));
        // and a workload reporting the shadow run's jobs by the convention (Role=shadow), one output mismatched
        Map<String, String> shadowDims = Map.of(WorkloadMetricsConvention.DIMENSION, "bridge-shadow",
                WorkloadMetricsConvention.ROLE_DIMENSION, WorkloadMetricsConvention.SHADOW_ROLE);
        Instant from = Instant.now().minusSeconds(5);
        String ns = WorkloadMetricsConvention.NAMESPACE;
        sim.metrics().set(ns, WorkloadMetricsConvention.JOBS_COMPLETED, shadowDims, from, 4);
        sim.metrics().set(ns, WorkloadMetricsConvention.JOB_DURATION, shadowDims, from, 1300);
        sim.metrics().set(ns, WorkloadMetricsConvention.OUTPUT_MISMATCHES, shadowDims, from, 1);
        sim.metrics().set(ns, WorkloadMetricsConvention.CPU_UTILIZATION, shadowDims, from, 60);
        // and naming, every second of the next minute, the job that differed in its checkpoint location
        URI location = URI.create("s3://bridge-state/" + planId + "/");
        for (long second = from.getEpochSecond(); second < from.getEpochSecond() + 65; second++) {
            ShadowMismatchLog.write(sim.checkpoints(), location, "bridge-shadow", Instant.ofEpochSecond(second, 250_000_000),
                    List.of(new ShadowMismatchLog.Mismatch("job-" + second, "serving-" + second, "shadow-" + second)));
        }

        // When S is approved
        broker.publish(Topics.MIGRATION_DECISIONS, planId, BridgeEvents.approved(planId, "bridge-shadow",
                location.toString()));

        // Then shadow samples keyed by S arrive with the shadow run's figures and the mismatch as an inconsistency
        List<MetricSample> samples = broker.readUntil(Topics.WORKLOAD_METRICS, planId,
                l -> l.stream().filter(MetricSample::getShadow).count() >= 2
                        && l.stream().filter(m -> !m.getShadow()).count() >= 2);
        MetricSample shadow = samples.stream().filter(MetricSample::getShadow).reduce((a, b) -> b).orElseThrow();
        assertThat(shadow.getJobsCompleted()).isEqualTo(4);
        assertThat(shadow.getMeanJobMillis()).isEqualTo(1300);
        assertThat(shadow.getDataInconsistencies()).isEqualTo(Math.max(1, shadow.getOutputMismatches().size()));
        assertThat(shadow.getCpuUtilisationPercent()).isEqualTo(60.0);
        assertThat(shadow.getSpotPercent()).isEqualTo(100);
        // And named: each shadow sample the records since the one before, each job once, the shadow output's
        // checksum as spot's, the serving one's as on-demand's
        List<dev.spotshift.events.OutputMismatch> named = samples.stream().filter(MetricSample::getShadow)
                .flatMap(m -> m.getOutputMismatches().stream()).toList();
        assertThat(shadow.getOutputMismatches()).isNotEmpty();
        assertThat(named).extracting(dev.spotshift.events.OutputMismatch::getJobId).doesNotHaveDuplicates();
        assertThat(named).allSatisfy(m -> {
            String second = m.getJobId().substring("job-".length());
            assertThat(m.getSpotChecksum()).isEqualTo("shadow-" + second);
            assertThat(m.getOnDemandChecksum()).isEqualTo("serving-" + second);
        });
        // And the serving samples know nothing of the shadow instance: all on-demand, costed as on-demand
        MetricSample serving = samples.stream().filter(m -> !m.getShadow()).reduce((a, b) -> b).orElseThrow();
        assertThat(serving.getSpotPercent()).isZero();
        assertThat(serving.getCostMicros()).isEqualTo(serving.getOnDemandCostMicros());
        assertThat(serving.getDataInconsistencies()).isZero();
    }

    @Test
    void garbageAndKeylessRecordsTheDirectoryReadsAreDeadLetteredAndItGoesOn() throws Exception {
        // Given the directory is running
        await().atMost(PATIENCE).until(() -> directory.caughtUp());
        String poisoned = "poison-" + UUID.randomUUID();

        // When garbage lands on migration-status and a record with no key on migration-decisions
        broker.publishRaw(Topics.MIGRATION_STATUS, poisoned, "garbage, not Avro".getBytes(StandardCharsets.UTF_8));
        broker.publishRaw(Topics.MIGRATION_DECISIONS, null, ("keyless " + poisoned).getBytes(StandardCharsets.UTF_8));

        // Then each is a dead letter naming the bridge, where it came from and why
        DeadLetter garbage = broker.readUntil(Topics.DEAD_LETTERS, poisoned, l -> !l.isEmpty()).get(0);
        assertThat(garbage.getSourceTopic()).isEqualTo(Topics.MIGRATION_STATUS.name());
        assertThat(garbage.getConsumer()).isEqualTo(PlanDirectory.CONSUMER);
        assertThat(garbage.getReason()).contains("undecodable as migration-status");
        await().atMost(PATIENCE).until(() -> broker.readAll(Topics.DEAD_LETTERS).stream().anyMatch(d ->
                Topics.MIGRATION_DECISIONS.name().equals(d.getSourceTopic()) && d.getKey() == null
                        && d.getValue() != null && StandardCharsets.UTF_8.decode(d.getValue().duplicate()).toString()
                                .contains(poisoned) && d.getReason().contains("no key")));

        // And the directory reads on: a plan approved after them becomes live, and the bridge stays live
        approve("bridge-after-poison");
        RestAssured.when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void readyAndLiveOnceTheDirectoryIsComplete() {
        await().atMost(PATIENCE).until(() -> directory.caughtUp());
        RestAssured.when().get("/q/health/ready").then().statusCode(200);
        RestAssured.when().get("/q/health/live").then().statusCode(200);
    }

    private String approve(String group) throws Exception {
        String planId = "plan-" + UUID.randomUUID();
        broker.publish(Topics.MIGRATION_DECISIONS, planId, BridgeEvents.approved(planId, group));
        await().atMost(PATIENCE).until(() -> directory.plans().isLive(planId));
        return planId;
    }

    private SpotInterruptionWarning warningFor(String planId, String instanceId) {
        List<SpotInterruptionWarning> seen = broker.readUntil(Topics.SPOT_INTERRUPTIONS, planId,
                l -> l.stream().anyMatch(w -> instanceId.equals(w.getInstanceId())));
        return seen.stream().filter(w -> instanceId.equals(w.getInstanceId())).findFirst().orElseThrow();
    }

    private List<String> groupInstances(String group) {
        return sim.capacity().describeGroup(REGION, group).instances().stream().filter(InstanceInfo::isActive)
                .map(InstanceInfo::instanceId).toList();
    }

    private static InterruptionNotice notice(String eventId, String instanceId) {
        Instant now = Instant.now();
        return new InterruptionNotice(eventId, instanceId, NoticeKind.INTERRUPTION_WARNING, REGION, now,
                now.plus(EventBridgeNotices.NOTICE_PERIOD), "terminate");
    }

    private void awaitQueueEmpty() {
        await().atMost(PATIENCE).until(() -> sim.notices().depth() == 0);
    }
}
