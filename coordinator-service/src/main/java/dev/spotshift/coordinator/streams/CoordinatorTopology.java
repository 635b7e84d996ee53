package dev.spotshift.coordinator.streams;

import dev.spotshift.coordinator.domain.Agent;
import dev.spotshift.coordinator.state.BallotSerde;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.Stores;

/**
 * spot-assessments -> ballot-opener -> one processor per agent -> agent-votes;
 * agent-votes -> ballot-counter (+ deadline punctuator) -> migration-decisions.
 * operator-commands -> quarantine-release (an operator's RETRY lifts a plan's quarantine).
 * The three processors share the ballot and quarantine stores keyed by planId, which puts them in one
 * sub-topology over co-partitioned topics. Anything that cannot count goes to dead-letters.
 */
public final class CoordinatorTopology {

    public static final String ASSESSMENTS_SOURCE = "assessments-source";
    public static final String BALLOT_OPENER = "ballot-opener";
    public static final String VOTES_SINK = "votes-sink";
    public static final String VOTES_SOURCE = "votes-source";
    public static final String BALLOT_COUNTER = "ballot-counter";
    public static final String DECISIONS_SINK = "decisions-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String BALLOTS_STORE = "ballots";
    public static final String OPERATOR_COMMANDS_SOURCE = "operator-commands-source";
    public static final String QUARANTINE_RELEASE = "quarantine-release";
    /** planId -> why the plan is quarantined; persistent, so a restart does not judge it again unasked. */
    public static final String QUARANTINE_STORE = "quarantined-plans";

    private CoordinatorTopology() {}

    public static String agentProcessor(Agent agent) {
        return agent.kind().name().toLowerCase(Locale.ROOT) + "-agent";
    }

    /** The topology with its counters kept in a registry nobody scrapes (topology tests). */
    public static Topology build(List<Agent> agents, TopicSerdes serdes, Duration deadlineCheckInterval,
                                 Duration closedBallotRetention) {
        return build(agents, serdes, deadlineCheckInterval, closedBallotRetention,
                new CoordinatorMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    public static Topology build(List<Agent> agents, TopicSerdes serdes, Duration deadlineCheckInterval,
                                 Duration closedBallotRetention, CoordinatorMetrics metrics) {
        return build(agents, serdes, deadlineCheckInterval, closedBallotRetention, metrics,
                (dev.spotshift.schemas.access.OperatorProof) null);
    }

    /** With an operator's RETRY believed only with a token {@code proof} accepts ({@code null}: as written). */
    public static Topology build(List<Agent> agents, TopicSerdes serdes, Duration deadlineCheckInterval,
                                 Duration closedBallotRetention, CoordinatorMetrics metrics,
                                 dev.spotshift.schemas.access.OperatorProof proof) {
        return build(agents, serdes, deadlineCheckInterval, closedBallotRetention, metrics, (planId, subject) -> { },
                proof);
    }

    /** With a hook called before the ballot processors judge a plan: tests make the domain throw for one plan with it. */
    static Topology build(List<Agent> agents, TopicSerdes serdes, Duration deadlineCheckInterval,
                          Duration closedBallotRetention, CoordinatorMetrics metrics,
                          java.util.function.BiConsumer<String, Object> beforeJudging) {
        return build(agents, serdes, deadlineCheckInterval, closedBallotRetention, metrics, beforeJudging, null);
    }

    static Topology build(List<Agent> agents, TopicSerdes serdes, Duration deadlineCheckInterval,
                          Duration closedBallotRetention, CoordinatorMetrics metrics,
                          java.util.function.BiConsumer<String, Object> beforeJudging,
                          dev.spotshift.schemas.access.OperatorProof proof) {
        Topology t = new Topology();
        List<String> agentNames = agents.stream().map(CoordinatorTopology::agentProcessor).toList();
        // Sources read bytes: decoding happens in the processors, so an undecodable record becomes a
        // dead letter in the same transaction instead of stopping the stream.
        t.addSource(ASSESSMENTS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.SPOT_ASSESSMENTS.name());
        t.addProcessor(BALLOT_OPENER, () -> new BallotOpener(serdes.valueSerde(Topics.SPOT_ASSESSMENTS).deserializer(), agentNames, metrics, beforeJudging),
                ASSESSMENTS_SOURCE);
        for (Agent agent : agents) {
            t.addProcessor(agentProcessor(agent), () -> new AgentProcessor(agent, metrics), BALLOT_OPENER);
        }
        t.addSink(VOTES_SINK, Topics.AGENT_VOTES.name(), Serdes.String().serializer(), serdes.valueSerde(Topics.AGENT_VOTES).serializer(),
                agentNames.toArray(String[]::new));

        t.addSource(VOTES_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.AGENT_VOTES.name());
        t.addProcessor(BALLOT_COUNTER, () -> new BallotCounter(serdes.valueSerde(Topics.AGENT_VOTES).deserializer(), deadlineCheckInterval,
                closedBallotRetention, metrics, beforeJudging), VOTES_SOURCE);
        t.addSink(DECISIONS_SINK, Topics.MIGRATION_DECISIONS.name(), Serdes.String().serializer(),
                serdes.valueSerde(Topics.MIGRATION_DECISIONS).serializer(), BALLOT_COUNTER);

        t.addSource(OPERATOR_COMMANDS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.OPERATOR_COMMANDS.name());
        t.addProcessor(QUARANTINE_RELEASE, () -> new QuarantineRelease(serdes.valueSerde(Topics.OPERATOR_COMMANDS).deserializer(), beforeJudging,
                        proof),
                OPERATOR_COMMANDS_SOURCE);

        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BALLOTS_STORE),
                Serdes.String(), BallotSerde.serde()), BALLOT_OPENER, BALLOT_COUNTER, QUARANTINE_RELEASE);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QUARANTINE_STORE),
                Serdes.String(), Serdes.String()), BALLOT_OPENER, BALLOT_COUNTER, QUARANTINE_RELEASE);

        List<String> failing = new ArrayList<>(agentNames);
        failing.add(BALLOT_OPENER);
        failing.add(BALLOT_COUNTER);
        failing.add(QUARANTINE_RELEASE);
        t.addSink(DEAD_LETTERS_SINK, Topics.DEAD_LETTERS.name(), Serdes.String().serializer(),
                serdes.valueSerde(Topics.DEAD_LETTERS).serializer(), failing.toArray(String[]::new));
        return t;
    }

    static String sourceTopic(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(m -> m.topic()).orElse(null);
    }
}
