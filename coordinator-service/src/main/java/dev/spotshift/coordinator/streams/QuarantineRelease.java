package dev.spotshift.coordinator.streams;

import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.access.OperatorProof;
import java.time.Instant;
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

    /** Principals already logged for an unproven RETRY; cleared past this many so a flood of names costs memory once. */
    private static final java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final OperatorProof proof;

    /** {@code proof}: the issuer a RETRY's token must be from ({@code null}: none configured, a RETRY is taken as written). */
    QuarantineRelease(Deserializer<OperatorCommand> deserializer, BiConsumer<String, Object> beforeJudging,
                      OperatorProof proof) {
        super(dev.spotshift.schemas.Topics.OPERATOR_COMMANDS, deserializer, beforeJudging);
        this.proof = proof;
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
        OperatorProof.Verdict verdict = proof == null ? null : proof.verify(command,
                OperatorProof.token(record.headers()).orElse(null), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (verdict instanceof OperatorProof.Refused refused) {
            // a RETRY nobody can be shown to have sent lifts nothing; kept as a dead letter (without its token header)
            if (LOGGED.size() >= 10_000) {
                LOGGED.clear();
            }
            if (LOGGED.add(refused.principal())) {
                LOG.warnf("plan %s: refused a RETRY of %s: %s (logged once per principal)", planId,
                        refused.principal(), refused.reason());
            }
            DeadLetters.send(context, clock, planId, record.value(), "operator command not proven: " + refused.reason(),
                    null);
            return;
        }
        String why = quarantined.get(planId);
        if (why == null) {
            LOG.infof("plan %s: RETRY by %s, but the coordinator does not quarantine it", planId, command.getOperator());
            return;
        }
        quarantined.delete(planId);
        LOG.infof("plan %s: quarantine lifted by %s (%s); it was: %s", planId, command.getOperator(), command.getReason(), why);
    }
}
