package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.OperatorProof;
import dev.spotshift.schemas.streams.DecodeStep;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's event flow:
 * <pre>
 *  migration-plans, spot-assessments, agent-votes,       --> decode --> monitor --> rollback-commands
 *  migration-decisions, rollout-events, workload-metrics,       |          |    --> gate-verdicts
 *                                                               |          |    --> review-signals (for people only)
 *  operator-commands                                            |          |    --> migration-status (sole writer)
 *                                                               +----------+----> dead-letters
 * </pre>
 * Of the operator's commands the monitor acts on RETRY only (it lifts the plan's quarantine); the executor acts on
 * the others and the monitor sees their effect on rollout-events.
 * The monitor processor owns four stores: each plan's status, its memory (limits, baseline,
 * breach episodes), its recent samples, and the gate it owes a verdict on.
 */
public final class MonitorTopology {

    static final String CONSUMER = "monitor-service";
    static final String SOURCE = "plan-events";
    static final String DECODE = "decode";
    static final String MONITOR = "monitor";
    static final String TO_ROLLBACK_COMMANDS = "to-rollback-commands";
    static final String TO_GATE_VERDICTS = "to-gate-verdicts";
    static final String TO_REVIEW_SIGNALS = "to-review-signals";
    static final String TO_MIGRATION_STATUS = "to-migration-status";
    static final String TO_DEAD_LETTERS = "to-dead-letters";
    public static final String STATUS_STORE = "plan-status";
    static final String PLAN_STORE = "plan-context";
    static final String SAMPLE_STORE = "plan-samples";
    static final String GATE_STORE = "open-gates";
    /** Every topic the monitor reads, all keyed by planId and co-partitioned. */
    static final java.util.List<Topic<?>> INPUTS = java.util.List.of(Topics.MIGRATION_PLANS, Topics.SPOT_ASSESSMENTS,
            Topics.AGENT_VOTES, Topics.MIGRATION_DECISIONS, Topics.ROLLOUT_EVENTS, Topics.WORKLOAD_METRICS,
            Topics.OPERATOR_COMMANDS);

    private MonitorTopology() {}

    public static Topology build(TopicSerdes serdes, MonitorSettings settings, MonitorMetrics metrics) {
        return build(serdes, settings, metrics, (planId, event) -> { });
    }

    /** With a hook the monitor calls before judging a plan: tests make the domain throw for one plan with it. */
    static Topology build(TopicSerdes serdes, MonitorSettings settings, MonitorMetrics metrics,
                          java.util.function.BiConsumer<String, org.apache.avro.specific.SpecificRecord> beforeJudging) {
        return build(serdes, settings, metrics, beforeJudging, null);
    }

    /** With an operator's RETRY believed only with a token {@code proof} accepts ({@code null}: as written). */
    static Topology build(TopicSerdes serdes, MonitorSettings settings, MonitorMetrics metrics,
                          java.util.function.BiConsumer<String, org.apache.avro.specific.SpecificRecord> beforeJudging,
                          OperatorProof proof) {
        Topology t = new Topology();
        t.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                INPUTS.stream().map(Topic::name).toArray(String[]::new));
        t.addProcessor(DECODE, () -> DecodeStep.routed(INPUTS, topic -> serdes.valueSerde(topic).deserializer(), CONSUMER,
                Inbound::new, MONITOR, TO_DEAD_LETTERS, metrics.decoding()), SOURCE);
        t.addProcessor(MONITOR, () -> new MonitorProcessor(settings, metrics, beforeJudging, proof), DECODE);
        // Status and plan memory are rewritten by every sample of a plan: with the record cache on these two
        // stores (statestore.cache.max.bytes) a plan's latest value reaches RocksDB and the changelog once per
        // commit instead of once per sample. The cache is flushed when a task commits, before its transaction
        // does, so the changelog still holds exactly what the committed offsets have seen (exactly_once_v2).
        // Outputs are forwarded by the processor, never through a cache: a rollback command does not wait.
        // Above the record cache, WriteBehindStore keeps those two values decoded until the commit, so each is also
        // serialised once per plan per commit rather than once per sample.
        t.addStateStore(WriteBehindStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATUS_STORE),
                Serdes.String(), StateSerdes.status()).withCachingEnabled()), MONITOR);
        t.addStateStore(WriteBehindStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PLAN_STORE),
                Serdes.String(), StateSerdes.planContext()).withCachingEnabled()), MONITOR);
        // Samples in chunks, one per plan per commit (PlanSamples): written behind, at the commit, like the two above.
        t.addStateStore(WriteBehindStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SAMPLE_STORE),
                Serdes.String(), StateSerdes.sampleChunk())), MONITOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GATE_STORE),
                Serdes.String(), StateSerdes.openGate()), MONITOR);
        sink(t, TO_ROLLBACK_COMMANDS, Topics.ROLLBACK_COMMANDS, serdes, MONITOR);
        sink(t, TO_GATE_VERDICTS, Topics.GATE_VERDICTS, serdes, MONITOR);
        sink(t, TO_REVIEW_SIGNALS, Topics.REVIEW_SIGNALS, serdes, MONITOR);
        sink(t, TO_MIGRATION_STATUS, Topics.MIGRATION_STATUS, serdes, MONITOR);
        sink(t, TO_DEAD_LETTERS, Topics.DEAD_LETTERS, serdes, DECODE, MONITOR);
        return t;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void sink(Topology t, String name, Topic<?> topic, TopicSerdes serdes, String... parents) {
        t.addSink(name, topic.name(), new StringSerializer(), (org.apache.kafka.common.serialization.Serializer) serdes.valueSerde(topic).serializer(), parents);
    }
}
