package dev.spotshift.executor.streams;

import dev.spotshift.executor.state.StateSerde;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.executor.domain.ReaperSettings;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DecodeStep;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The executor's one Streams job: decisions (APPROVED only), gate verdicts, rollback commands, operator commands
 * workload metrics, spot interruption warnings and workload reports, all keyed by planId, into one processor that owns the per-plan rollout state; the kill
 * switch as a global table every instance reads whole; cloud outcomes in as well, since the processor never calls
 * the cloud itself: rollout events, checkpoint commands, cloud commands and dead letters out.
 */
public final class RolloutTopology {

    public static final String STATE_STORE = "executor-rollout-state";
    public static final String KILL_SWITCH_STORE = "executor-kill-switch";
    /** planId -> the traceparent of its decision, so every event of the plan stays in the plan's trace. */
    public static final String TRACE_STORE = "executor-plan-traces";
    /** instanceId -> the orphan the reaper follows from its judgement to its termination's outcome. */
    public static final String REAPER_STORE = "executor-reaper";
    /** planId -> why the executor stopped handling it, until an operator's RETRY. */
    public static final String QUARANTINE_STORE = "executor-quarantine";
    /** planId -> ends of the wave before it that came ahead of its own decision. */
    public static final String WAVE_STORE = "executor-wave-ends";
    /** Name of the internal topic that brings a wave's ends to the partitions of the plans waiting for them. */
    static final String WAVE_HANDOFF = "wave-handoff";
    static final String CONSUMER = "executor-service";

    private RolloutTopology() {}

    public static Topology build(TopicSerdes serdes, RolloutMachine machine, String deploymentId,
                                 ExecutorMetrics metrics, Duration tick, String producer) {
        return build(serdes, machine, deploymentId, metrics, tick, producer, null);
    }

    /**
     * With the reaper's judging ({@code null}: off) in the processor, so it judges exactly its partitions' plans;
     * the census that feeds it and the terminations it orders run in the actuator.
     */
    public static Topology build(TopicSerdes serdes, RolloutMachine machine, String deploymentId,
                                 ExecutorMetrics metrics, Duration tick, String producer, ReaperSettings reaper) {
        return build(serdes, machine, deploymentId, metrics, tick, producer, reaper, null);
    }

    /**
     * With operator commands checked against {@code proof} ({@code null}: no issuer configured, each command taken as
     * its writer wrote it): see {@link ProvenOperatorCommands}.
     */
    public static Topology build(TopicSerdes serdes, RolloutMachine machine, String deploymentId,
                                 ExecutorMetrics metrics, Duration tick, String producer, ReaperSettings reaper,
                                 dev.spotshift.schemas.access.OperatorProof proof) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable(Topics.KILL_SWITCH.name(),
                Consumed.with(Serdes.serdeFrom(new StringSerializer(), KillSwitchView::key),
                        Serdes.serdeFrom(serdes.valueSerde(Topics.KILL_SWITCH).serializer(),
                                KillSwitchView.value(serdes.valueSerde(Topics.KILL_SWITCH).deserializer())))
                        .withName("kill-switch-source"),
                Materialized.<String, KillSwitch, KeyValueStore<Bytes, byte[]>>as(KILL_SWITCH_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(KillSwitchView.decodedOnce(serdes.valueSerde(Topics.KILL_SWITCH))));
        // Logged (the default): the changelog is what lets a restarted executor continue where it was.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), StateSerde.rollouts()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRACE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QUARANTINE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REAPER_STORE),
                Serdes.String(), StateSerde.reapings()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WAVE_STORE),
                Serdes.String(), Serdes.String()));

        KStream<String, SpecificRecord> inputs = decoded(builder, serdes, Topics.MIGRATION_DECISIONS)
                .filter((planId, v) -> !(v instanceof MigrationDecision d) || d.getOutcome() == DecisionOutcome.APPROVED,
                        Named.as("approved-decisions"))
                .merge(decoded(builder, serdes, Topics.GATE_VERDICTS), Named.as("merge-verdicts"))
                .merge(decoded(builder, serdes, Topics.ROLLBACK_COMMANDS), Named.as("merge-rollbacks"))
                .merge(builder.stream(Topics.OPERATOR_COMMANDS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                                .withName(Topics.OPERATOR_COMMANDS.name() + "-source"))
                        .process(() -> new ProvenOperatorCommands(serdes.valueSerde(Topics.OPERATOR_COMMANDS).deserializer(),
                                proof, metrics), Named.as("decode-and-prove-" + Topics.OPERATOR_COMMANDS.name())),
                        Named.as("merge-operator"))
                .merge(decoded(builder, serdes, Topics.WORKLOAD_METRICS), Named.as("merge-metrics"))
                .merge(decoded(builder, serdes, Topics.SPOT_INTERRUPTIONS), Named.as("merge-interruptions"))
                .merge(decoded(builder, serdes, Topics.WORKLOAD_REPORTS), Named.as("merge-workload-reports"))
                .merge(decoded(builder, serdes, Topics.CLOUD_OUTCOMES), Named.as("merge-cloud-outcomes"))
                .merge(waveHandoffs(builder, serdes), Named.as("merge-wave-handoffs"));

        Map<String, KStream<String, SpecificRecord>> decodedOrNot = inputs.split(Named.as("input-"))
                .branch((planId, v) -> v instanceof DeadLetter, Branched.as("undecodable"))
                .defaultBranch(Branched.as("events"));
        decodedOrNot.get("input-undecodable").mapValues(v -> (DeadLetter) v, Named.as("as-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.String(), serdes.valueSerde(Topics.DEAD_LETTERS))
                        .withName("dead-letters-sink"));

        Map<String, KStream<String, SpecificRecord>> out = decodedOrNot.get("input-events")
                .process(() -> new RolloutProcessor(machine, deploymentId, metrics, tick, producer, reaper), Named.as("rollout"),
                        STATE_STORE, TRACE_STORE, REAPER_STORE, QUARANTINE_STORE, WAVE_STORE)
                .split(Named.as("output-"))
                .branch((planId, v) -> v instanceof RolloutEvent, Branched.as("rollout-event"))
                .branch((planId, v) -> v instanceof WorkloadCommand, Branched.as("workload-command"))
                .branch((planId, v) -> v instanceof CloudCommand, Branched.as("cloud-command"))
                .branch((planId, v) -> v instanceof DeadLetter, Branched.as("unprocessable"))
                .noDefaultBranch();
        out.get("output-rollout-event").mapValues(v -> (RolloutEvent) v, Named.as("as-rollout-event"))
                .to(Topics.ROLLOUT_EVENTS.name(), Produced.with(Serdes.String(),
                        serdes.valueSerde(Topics.ROLLOUT_EVENTS)).withName("rollout-events-sink"));
        out.get("output-workload-command").mapValues(v -> (WorkloadCommand) v, Named.as("as-workload-command"))
                .to(Topics.WORKLOAD_COMMANDS.name(), Produced.with(Serdes.String(),
                        serdes.valueSerde(Topics.WORKLOAD_COMMANDS)).withName("workload-commands-sink"));
        out.get("output-cloud-command").mapValues(v -> (CloudCommand) v, Named.as("as-cloud-command"))
                .to(Topics.CLOUD_COMMANDS.name(), Produced.with(Serdes.String(),
                        serdes.valueSerde(Topics.CLOUD_COMMANDS)).withName("cloud-commands-sink"));
        out.get("output-unprocessable").mapValues(v -> (DeadLetter) v, Named.as("as-unprocessable"))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.String(), serdes.valueSerde(Topics.DEAD_LETTERS))
                        .withName("unprocessable-sink"));
        return builder.build();
    }

    /**
     * Waves: a migration's end (its MigrationFinished with the wave's FINISHED mark) re-keyed to each plan of the next
     * wave and brought to that plan's partition, where its state decides whether its wave may start. An event the
     * executor cannot read is not its to dead-letter here (the audit and the monitor read the same topic): it is
     * skipped with the deserialization handler's verdict as for any input.
     */
    private static KStream<String, SpecificRecord> waveHandoffs(StreamsBuilder builder, TopicSerdes serdes) {
        return decoded(builder, serdes, Topics.ROLLOUT_EVENTS)
                .filter((planId, v) -> v instanceof RolloutEvent e && e.getWave() != null
                        && e.getWave().getState() == dev.spotshift.events.WaveState.FINISHED
                        && !e.getWave().getNext().isEmpty(), Named.as("wave-ends"))
                .flatMap((planId, v) -> ((RolloutEvent) v).getWave().getNext().stream()
                        .map(next -> org.apache.kafka.streams.KeyValue.pair(next, (RolloutEvent) v)).toList(),
                        Named.as("wave-end-per-waiting-plan"))
                .repartition(org.apache.kafka.streams.kstream.Repartitioned.<String, RolloutEvent>as(WAVE_HANDOFF)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new dev.spotshift.schemas.AvroBinarySerde<>(RolloutEvent.class)))
                .mapValues(v -> (SpecificRecord) v, Named.as("wave-handoff-as-input"));
    }

    private static <V extends SpecificRecord> KStream<String, SpecificRecord> decoded(StreamsBuilder builder,
            TopicSerdes serdes, Topic<V> topic) {
        return builder.stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName(topic.name() + "-source"))
                .process(() -> DecodeStep.events(topic, t -> serdes.valueSerde(t).deserializer(), CONSUMER),
                        Named.as("decode-" + topic.name()));
    }
}
