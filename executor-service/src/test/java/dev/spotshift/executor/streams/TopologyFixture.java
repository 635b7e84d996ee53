package dev.spotshift.executor.streams;

import dev.spotshift.executor.state.StateSerde;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.executor.actuation.CapacityCensus;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.executor.domain.ReaperSettings;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.executor.domain.SpotSettings;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The executor topology on TopologyTestDriver against the simulated cloud, with a wall clock the test moves. The
 * actuator's part is played in between: every cloud command the topology publishes is carried out by
 * {@link CloudActions} and its outcome piped back in, unless a test holds them ({@link #holdCloudCommands}).
 */
final class TopologyFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");
    static final Duration TICK = Duration.ofMillis(500);
    /** A 10-minute storm window keeps the return-to-spot scenario short; the rest are the executor's defaults. */
    static final Settings SETTINGS = new Settings(2_000, 30_000, 1, 100,
            new SpotSettings(30_000, 600_000, 2, 60_000, 80.0));

    final SimulatedCloud cloud = new SimulatedCloud(42, new SimClock(T0));
    final ExecutorMetrics metrics = new ExecutorMetrics(new SimpleMeterRegistry());
    final List<RolloutEvent> events = new ArrayList<>();
    final List<RolloutState> changelog = new ArrayList<>();
    /** Every cloud command the topology published, in order. */
    final List<CloudCommand> cloudCommands = new ArrayList<>();
    /** Commands published while held, not yet carried out. */
    final List<CloudCommand> heldCommands = new ArrayList<>();
    /** The account the actuator's part acts on: the simulated cloud unless a test brings another (moto). */
    final Cloud account;
    final String deployment;
    /** The actuator's part; a test may put a faulty account in front of the simulated one. */
    CloudActions actions;
    /** The actuator's census, taken every {@code reaper.every()} of the wall clock when the reaper is on. */
    final CapacityCensus census;
    private Instant nextCensus;
    boolean holdCloudCommands;
    private TestOutputTopic<String, CloudCommand> cloudCommandTopic;
    TopologyTestDriver driver;
    Instant now;
    private TestOutputTopic<String, RolloutEvent> rolloutEvents;
    private TestOutputTopic<String, RolloutState> stateChangelog;

    private final ReaperSettings reaper;
    private final dev.spotshift.schemas.access.OperatorProof proof;

    TopologyFixture() {
        this((ReaperSettings) null);
    }

    /** With the reaper judging in the processor and its census played here ({@code null}: without). */
    TopologyFixture(ReaperSettings reaper) {
        this(reaper, null, "test-deployment", T0);
    }

    /** The actuator's part on {@code account} ({@code null}: the simulated cloud), the wall clock from {@code start}. */
    TopologyFixture(ReaperSettings reaper, Cloud account, String deployment, Instant start) {
        this(reaper, account, deployment, start, null);
    }

    /** With operator commands checked against {@code proof} ({@code null}: unchecked, as without an issuer). */
    TopologyFixture(dev.spotshift.schemas.access.OperatorProof proof) {
        this(null, null, "test-deployment", T0, proof);
    }

    private TopologyFixture(ReaperSettings reaper, Cloud account, String deployment, Instant start,
                            dev.spotshift.schemas.access.OperatorProof proof) {
        this.proof = proof;
        this.reaper = reaper;
        this.account = account == null ? cloud : account;
        this.deployment = deployment;
        this.now = start;
        this.actions = new CloudActions(this.account, 3, "actuator/test");
        this.census = reaper == null ? null
                : new CapacityCensus(this.account, deployment, reaper.regions(), "actuator/test");
        this.nextCensus = reaper == null ? null : start.plus(reaper.every());
        cloud.capacity().createGroup(ContractEvents.REGION, ContractEvents.GROUP, 1, 2, 1,
                new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, ContractEvents.TYPES));
        start();
    }

    /** A fresh driver: a restarted executor instance. */
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "executor-service");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("executor-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(RolloutTopology.build(PlainAvroSerde.SOURCE, new RolloutMachine(SETTINGS),
                deployment, metrics, TICK, "executor-service/test", reaper, proof),
                props, now);
        cloudCommandTopic = driver.createOutputTopic(Topics.CLOUD_COMMANDS.name(), new StringDeserializer(),
                PlainAvroSerde.of(CloudCommand.class).deserializer());
        rolloutEvents = driver.createOutputTopic(Topics.ROLLOUT_EVENTS.name(), new StringDeserializer(),
                PlainAvroSerde.of(RolloutEvent.class).deserializer());
        stateChangelog = driver.createOutputTopic("executor-service-" + RolloutTopology.STATE_STORE + "-changelog",
                new StringDeserializer(), StateSerde.rollouts().deserializer());
    }

    /** Kill the instance, start another, and let it restore the store from the changelog as Kafka Streams does. */
    void restart() {
        drain();
        driver.close();
        start();
        KeyValueStore<String, RolloutState> store = driver.getKeyValueStore(RolloutTopology.STATE_STORE);
        changelog.forEach(s -> store.put(s.planId(), s));
    }

    <V extends SpecificRecord> void send(Topic<V> topic, String planId, V value) {
        driver.createInputTopic(topic.name(), new StringSerializer(), PlainAvroSerde.of(topic.valueType()).serializer())
                .pipeInput(planId, value, now);
        drain();
    }

    /** As {@link #send}, with record headers (an operator's token). */
    <V extends SpecificRecord> void send(Topic<V> topic, String planId, V value,
                                         org.apache.kafka.common.header.Headers headers) {
        driver.createInputTopic(topic.name(), new StringSerializer(), PlainAvroSerde.of(topic.valueType()).serializer())
                .pipeInput(new org.apache.kafka.streams.test.TestRecord<>(planId, value, headers, now));
        drain();
    }

    void sendRaw(Topic<?> topic, String planId, byte[] bytes) {
        driver.createInputTopic(topic.name(), new StringSerializer(), Serdes.ByteArray().serializer())
                .pipeInput(planId, bytes, now);
        drain();
    }

    /** Moves the wall clock tick by tick, so timers fire close to their due time. */
    void advance(Duration by) {
        Instant target = now.plus(by);
        while (now.isBefore(target)) {
            Duration step = Duration.between(now, target).compareTo(TICK) < 0 ? Duration.between(now, target) : TICK;
            driver.advanceWallClockTime(step);
            now = now.plus(step);
            drain();
            if (census != null && !reaper.every().isZero() && !now.isBefore(nextCensus)) {
                takeCensus();
                nextCensus = nextCensus.plus(reaper.every());
            }
        }
    }

    /** The actuator's census now: every sighting piped in keyed by its plan, and what they cause carried out. */
    void takeCensus() {
        for (CloudOutcome seen : census.take(now)) {
            driver.createInputTopic(Topics.CLOUD_OUTCOMES.name(), new StringSerializer(),
                    PlainAvroSerde.of(CloudOutcome.class).serializer())
                    .pipeInput(seen.getEnvelope().getPlanId(), seen, now);
        }
        drain();
    }

    List<WorkloadCommand> workloadCommands() {
        return driver.createOutputTopic(Topics.WORKLOAD_COMMANDS.name(), new StringDeserializer(),
                PlainAvroSerde.of(WorkloadCommand.class).deserializer()).readValuesToList();
    }

    List<DeadLetter> deadLetters() {
        return driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new StringDeserializer(),
                PlainAvroSerde.of(DeadLetter.class).deserializer()).readValuesToList();
    }

    RolloutState state(String planId) {
        KeyValueStore<String, RolloutState> store = driver.getKeyValueStore(RolloutTopology.STATE_STORE);
        return store.get(planId);
    }

    long policyUpdates() {
        return cloud.capacity().calls().stream()
                .filter(c -> c.operation().equals("autoscaling:UpdateAutoScalingGroup")).count();
    }

    int onDemandPercentAboveBase() {
        return cloud.capacity().describeGroup(ContractEvents.REGION, ContractEvents.GROUP).onDemandPercentAboveBase();
    }

    <T> List<T> payloads(Class<T> type) {
        return events.stream().map(RolloutEvent::getPayload).filter(type::isInstance).map(type::cast).toList();
    }

    RolloutEvent last() {
        return events.get(events.size() - 1);
    }

    /** Pipes one outcome in as the actuator would have published it. */
    void answer(CloudOutcome outcome) {
        driver.createInputTopic(Topics.CLOUD_OUTCOMES.name(), new StringSerializer(),
                PlainAvroSerde.of(CloudOutcome.class).serializer())
                .pipeInput(outcome.getEnvelope().getPlanId(), outcome, now);
        drain();
    }

    /** Carries out the held commands now, in order. */
    void releaseCloudCommands() {
        List<CloudCommand> held = new ArrayList<>(heldCommands);
        heldCommands.clear();
        held.forEach(c -> answer(actions.carryOut(c)));
    }

    private void drain() {
        for (int round = 0; round < 20; round++) {
            events.addAll(rolloutEvents.readValuesToList());
            changelog.addAll(stateChangelog.readValuesToList());
            List<CloudCommand> published = cloudCommandTopic.readValuesToList();
            if (published.isEmpty()) {
                return;
            }
            cloudCommands.addAll(published);
            if (holdCloudCommands) {
                heldCommands.addAll(published);
                return;
            }
            for (CloudCommand c : published) {
                if (census != null) {
                    census.regionSeen(c.getRegion());
                }
                driver.createInputTopic(Topics.CLOUD_OUTCOMES.name(), new StringSerializer(),
                        PlainAvroSerde.of(CloudOutcome.class).serializer())
                        .pipeInput(c.getEnvelope().getPlanId(), actions.carryOut(c), now);
            }
        }
    }

    @Override
    public void close() {
        driver.close();
        cloud.close();
    }

    /** A plan's state as a restored store would hold it. */
    void stored(RolloutState state) {
        KeyValueStore<String, RolloutState> store = driver.getKeyValueStore(RolloutTopology.STATE_STORE);
        store.put(state.planId(), state);
    }

    /** The reaper's store, by instance id. */
    dev.spotshift.executor.domain.Reaping reaping(String instanceId) {
        KeyValueStore<String, dev.spotshift.executor.domain.Reaping> store =
                driver.getKeyValueStore(RolloutTopology.REAPER_STORE);
        return store.get(instanceId);
    }
}
