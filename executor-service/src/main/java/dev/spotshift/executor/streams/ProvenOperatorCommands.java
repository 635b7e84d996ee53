package dev.spotshift.executor.streams;

import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.DeadLetters;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.OperatorProof;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.schemas.streams.DecodeStep;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * The executor's door for operator commands: decodes each, and with an issuer configured lets through only a command
 * whose {@link OperatorProof#HEADER} token proves its operator; any other becomes a dead letter with the reason, counted
 * per principal and logged once per principal, and never reaches the rollout state. Without an issuer every command
 * goes on as before (the audit marks it unverified). The token header is dropped here either way, so no record this
 * service writes (events, dead letters) carries someone's bearer token on.
 */
final class ProvenOperatorCommands implements Processor<String, byte[], String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(ProvenOperatorCommands.class);
    /** Principals already logged; cleared past this many so a flood of names costs memory once. */
    static final int MAX_LOGGED = 10_000;
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private final DecodeOrDeadLetter<OperatorCommand> decoder;
    private final OperatorProof proof;
    private final ExecutorMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;

    ProvenOperatorCommands(Deserializer<?> values, OperatorProof proof, ExecutorMetrics metrics) {
        this.decoder = DecodeOrDeadLetter.of(Topics.OPERATOR_COMMANDS, values, RolloutTopology.CONSUMER,
                java.time.Clock.systemUTC());
        this.proof = proof;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String token = OperatorProof.token(record.headers()).orElse(null);
        Record<String, byte[]> clean = record.withHeaders(withoutToken(record));
        DecodeOrDeadLetter.Outcome<OperatorCommand> outcome = DecodeStep.decode(decoder, context, record);
        if (outcome instanceof DecodeOrDeadLetter.Unreadable<OperatorCommand> u) {
            context.forward(clean.withValue(u.letter()));
            return;
        }
        if (!(outcome instanceof DecodeOrDeadLetter.Decoded<OperatorCommand> d)) {
            return; // a tombstone: nobody's command
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        OperatorProof.Verdict verdict = proof == null ? null : proof.verify(d.value(), token, now);
        if (verdict instanceof OperatorProof.Refused refused) {
            metrics.operatorCommandRefused(refused.principal());
            if (LOGGED.size() >= MAX_LOGGED) {
                LOGGED.clear();
            }
            if (LOGGED.add(refused.principal())) {
                LOG.warnf("refused an operator command of %s for plan %s (event %s): %s (logged once per principal; "
                                + "counted in spotshift.executor.operator.commands.refused)", refused.principal(),
                        record.key(), d.value().getEnvelope().getEventId(), refused.reason());
            }
            var meta = context.recordMetadata().orElse(null);
            context.forward(clean.withValue(DeadLetters.of(Topics.OPERATOR_COMMANDS.name(),
                    meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(),
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                    "operator command not proven: " + refused.reason(), null, RolloutTopology.CONSUMER, now)));
            return;
        }
        context.forward(clean.withValue(d.value()));
    }

    private static RecordHeaders withoutToken(Record<String, byte[]> record) {
        RecordHeaders kept = new RecordHeaders();
        record.headers().forEach(h -> {
            if (!h.key().equals(OperatorProof.HEADER)) {
                kept.add(h);
            }
        });
        return kept;
    }
}
