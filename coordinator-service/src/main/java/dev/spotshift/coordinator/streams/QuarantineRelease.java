package dev.spotshift.coordinator.streams;

import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * An operator's RETRY lifts the coordinator's quarantine of a plan: its next assessment or vote is judged again, and
 * so is its ballot's deadline. The records dead-lettered meanwhile are re-driven by the operator afterwards
 * ({@code spotshift dead-letters --redrive}). Every other action is the executor's and is ignored here; an unreadable
 * command is a dead letter like any other record.
 */
final class QuarantineRelease extends BallotProcessor<OperatorCommand> {

    private static final Logger LOG = Logger.getLogger(QuarantineRelease.class);

    QuarantineRelease(Deserializer<OperatorCommand> deserializer, BiConsumer<String, Object> beforeJudging) {
        super(dev.spotshift.schemas.Topics.OPERATOR_COMMANDS, deserializer, beforeJudging);
    }

    @Override
    boolean heldByQuarantine() {
        return false;
    }

    @Override
    void process(Record<String, byte[]> record, OperatorCommand command) {
        if (command.getAction() != OperatorAction.RETRY) {
            return;
        }
        String planId = record.key();
        String why = quarantined.get(planId);
        if (why == null) {
            LOG.infof("plan %s: RETRY by %s, but the coordinator does not quarantine it", planId, command.getOperator());
            return;
        }
        quarantined.delete(planId);
        LOG.infof("plan %s: quarantine lifted by %s (%s); it was: %s", planId, command.getOperator(), command.getReason(), why);
    }
}
