package dev.spotshift.executor.streams;

import dev.spotshift.executor.state.StateSerde;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task whose store Kafka Streams restored (after a restart or a rebalance) before it initialised the processor:
 * the processor never wrote these plans, yet its first punctuation must fire their timers and carry the kill switch
 * to them, and its stage gauge must count them.
 */
class RestoredStoreProcessorTest {

    private static final Instant T0 = TopologyFixture.T0;
    private static final Duration BASELINE = Duration.ofSeconds(3);
    private static final List<String> PLANS = List.of("plan-a", "plan-b", "plan-c");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SimulatedCloud cloud = new SimulatedCloud(42, new SimClock(T0));
    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private KeyValueStore<String, RolloutState> store;
    private TimestampedKeyValueStore<String, KillSwitch> killSwitch;
    private volatile boolean switchUnreadable;
    private final RolloutProcessor processor = new RolloutProcessor(new RolloutMachine(TopologyFixture.SETTINGS),
            "test-deployment", new ExecutorMetrics(registry), TopologyFixture.TICK, "executor-service/test",
            null);

    @BeforeEach
    void stores() {
        cloud.capacity().createGroup(ContractEvents.REGION, ContractEvents.GROUP, 1, 2, 1,
                new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, ContractEvents.TYPES));
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RolloutTopology.STATE_STORE),
                Serdes.String(), StateSerde.rollouts()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, String> traces = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RolloutTopology.TRACE_STORE), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        traces.init(context.getStateStoreContext(), traces);
        context.addStateStore(traces);
        var switchSerde = PlainAvroSerde.of(KillSwitch.class);
        // As a global store restored from the topic holds what was written: garbage reads fail at get().
        killSwitch = Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RolloutTopology.KILL_SWITCH_STORE), Serdes.String(),
                Serdes.serdeFrom(switchSerde.serializer(), (topic, bytes) -> {
                    if (switchUnreadable) {
                        throw new org.apache.kafka.common.errors.SerializationException("not a KillSwitch");
                    }
                    return switchSerde.deserializer().deserialize(topic, bytes);
                })).withLoggingDisabled().build();
        killSwitch.init(context.getStateStoreContext(), killSwitch);
        context.addStateStore(killSwitch);
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    /** The states three plans had in their baseline (timer due at T0 + 3 s), as another instance left them. */
    private static Map<String, RolloutState> baselineStates() {
        Map<String, RolloutState> states = new LinkedHashMap<>();
        try (TopologyFixture other = new TopologyFixture()) {
            for (String p : PLANS) {
                other.send(Topics.MIGRATION_DECISIONS, p, ContractEvents.approved(p, other.now, 10_000, 5_000,
                        BASELINE.toMillis(), 4_000, "s3://backup-bucket/spot-state/"));
                other.send(Topics.WORKLOAD_METRICS, p, ContractEvents.metric(p, other.now));
                states.put(p, other.state(p));
            }
        }
        return states;
    }

    private void punctuateAt(Instant at) {
        context.setCurrentSystemTimeMs(at.toEpochMilli());
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(at.toEpochMilli());
    }

    private <T> List<T> forwarded(String planId, Class<T> type) {
        return context.forwarded().stream().map(f -> f.record())
                .filter(r -> planId.equals(r.key()) && r.value() instanceof RolloutEvent)
                .map(r -> ((RolloutEvent) r.value()).getPayload()).filter(type::isInstance).map(type::cast).toList();
    }

    private double plansIn(Stage stage) {
        return registry.find("spotshift.executor.migrations").tag("stage", stage.name()).gauge().value();
    }

    @Test
    void timersOfPlansRestoredBeforeInitFireAtTheFirstDueTick() {
        // Given a store restored with three plans in their baseline before the processor starts
        baselineStates().forEach(store::put);
        processor.init(context);

        // When a tick comes before their timers are due, and one after
        punctuateAt(T0.plus(BASELINE).minusMillis(1));
        assertThat(context.forwarded()).isEmpty();
        assertThat(plansIn(Stage.BASELINE)).isEqualTo(3.0);
        punctuateAt(T0.plus(BASELINE));

        // Then each took its first step, and the next tick counts them as shifting
        assertThat(PLANS).allSatisfy(p -> {
            assertThat(forwarded(p, RolloutStepStarted.class)).extracting(RolloutStepStarted::getStepIndex)
                    .containsExactly(0);
            assertThat(store.get(p).stage()).isEqualTo(Stage.SHIFTING);
        });
        punctuateAt(T0.plus(BASELINE).plusMillis(500));
        assertThat(plansIn(Stage.SHIFTING)).isEqualTo(3.0);
        assertThat(plansIn(Stage.BASELINE)).isZero();
    }

    @Test
    void aKillSwitchEngagedWhileTheTaskMovedReachesEveryRestoredPlan() {
        // Given restored plans that have started shifting, and the switch engaged meanwhile
        baselineStates().forEach(store::put);
        processor.init(context);
        punctuateAt(T0.plus(BASELINE));
        context.resetForwards();
        killSwitch.put("global", ValueAndTimestamp.make(ContractEvents.killSwitch(T0.plusSeconds(4), true),
                T0.plusSeconds(4).toEpochMilli()));
        processor.init(context); // the task moves: the store as restored, a processor initialised again

        // When the next tick comes
        punctuateAt(T0.plusSeconds(4));

        // Then every plan followed the switch: back to on-demand, held
        assertThat(PLANS).allSatisfy(p -> {
            assertThat(forwarded(p, RolledBack.class)).hasSize(1);
            assertThat(store.get(p).killSwitchEngaged()).isTrue();
            assertThat(store.get(p).stage()).isEqualTo(Stage.PAUSED);
        });
    }

    @Test
    void aStoreReplacedUnderAReinitialisedProcessorIsIndexedAnew() {
        // Given a processor that indexed its store at a tick
        processor.init(context);
        punctuateAt(T0);
        assertThat(plansIn(Stage.BASELINE)).isZero();

        // When the task is revived with a store restored from the changelog (plans it never wrote)
        baselineStates().forEach(store::put);
        processor.init(context);
        punctuateAt(T0.plus(BASELINE));

        // Then their timers fire
        assertThat(PLANS).allSatisfy(p -> assertThat(forwarded(p, RolloutStepStarted.class)).hasSize(1));
    }

    @Test
    void aStateRestoredUnderAReinitialisedProcessorIsWhatTheNextRecordSees() {
        // Given a plan in its baseline whose state the processor has read and written (one sample summed)
        Map<String, RolloutState> restored = baselineStates();
        long samples = restored.get("plan-a").observed().samples();
        store.put("plan-a", restored.get("plan-a"));
        processor.init(context);
        process("plan-a", ContractEvents.metric("plan-a", T0.plusMillis(100)));
        assertThat(store.get("plan-a").observed().samples()).isEqualTo(samples + 1);

        // When the task is revived with the store restored to an earlier state, and a sample arrives
        store.put("plan-a", restored.get("plan-a"));
        processor.init(context);
        process("plan-a", ContractEvents.metric("plan-a", T0.plusMillis(200)));

        // Then it was added to the restored state, not to the one the processor had before
        assertThat(store.get("plan-a").observed().samples()).isEqualTo(samples + 1);
    }

    private void process(String planId, SpecificRecord value) {
        context.setRecordMetadata(Topics.WORKLOAD_METRICS.name(), 0, 0);
        context.setCurrentSystemTimeMs(T0.plusMillis(500).toEpochMilli());
        processor.process(new org.apache.kafka.streams.processor.api.Record<>(planId, value,
                T0.plusMillis(500).toEpochMilli()));
    }

    @Test
    void anUnreadableKillSwitchRecordStopsNoPlanAndTheLastReadableSwitchStands() {
        // Given restored plans shifting under an engaged switch
        baselineStates().forEach(store::put);
        processor.init(context);
        punctuateAt(T0.plus(BASELINE));
        killSwitch.put("global", ValueAndTimestamp.make(ContractEvents.killSwitch(T0.plusSeconds(4), true),
                T0.plusSeconds(4).toEpochMilli()));
        punctuateAt(T0.plusSeconds(4));
        context.resetForwards();

        // When the switch's latest record cannot be read any more, and time goes on
        switchUnreadable = true;
        punctuateAt(T0.plusSeconds(5));
        punctuateAt(T0.plusSeconds(6));

        // Then nothing threw, no plan flipped back, and each stays held by the switch as it last read
        assertThat(PLANS).allSatisfy(p -> {
            assertThat(store.get(p).killSwitchEngaged()).isTrue();
            assertThat(store.get(p).stage()).isEqualTo(Stage.PAUSED);
        });
        // And the unreadable record is one dead letter with the reason, not one per tick
        List<dev.spotshift.events.DeadLetter> dead = context.forwarded().stream().map(f -> f.record().value())
                .filter(dev.spotshift.events.DeadLetter.class::isInstance).map(dev.spotshift.events.DeadLetter.class::cast)
                .toList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getSourceTopic()).isEqualTo(Topics.KILL_SWITCH.name());
        assertThat(dead.get(0).getReason()).contains("the last readable one (engaged) stands");
    }
}
