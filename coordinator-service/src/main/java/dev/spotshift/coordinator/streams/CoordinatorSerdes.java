package dev.spotshift.coordinator.streams;

import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.Topics;
import org.apache.kafka.common.serialization.Serde;

/** The value serdes of the coordinator's topics, passed in so a topology test can run without a registry. */
public record CoordinatorSerdes(Serde<AssessmentEvent> assessments, Serde<AgentVote> votes,
                                Serde<MigrationDecision> decisions, Serde<DeadLetter> deadLetters,
                                Serde<OperatorCommand> operatorCommands) {

    /** The production serdes: Avro through Apicurio Registry. */
    public static CoordinatorSerdes registry(String registryUrl) {
        return new CoordinatorSerdes(
                Topics.SPOT_ASSESSMENTS.valueSerde(registryUrl),
                Topics.AGENT_VOTES.valueSerde(registryUrl),
                Topics.MIGRATION_DECISIONS.valueSerde(registryUrl),
                Topics.DEAD_LETTERS.valueSerde(registryUrl),
                Topics.OPERATOR_COMMANDS.valueSerde(registryUrl));
    }
}
