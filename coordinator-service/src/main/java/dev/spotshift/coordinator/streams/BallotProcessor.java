package dev.spotshift.coordinator.streams;

import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.coordinator.domain.BallotBox;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.schemas.streams.DecodeStep;
import dev.spotshift.schemas.streams.StreamsClock;
import dev.spotshift.schemas.streams.Transience;
import org.apache.avro.specific.SpecificRecord;
import java.time.Clock;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * What the ballot processors share: the ballots store, the stream-time clock and the ballot box, and the first step
 * of every record, the shared {@link DecodeOrDeadLetter} step, which decodes its bytes or sends it to the dead letters
 * (undecodable, no key, or empty) and goes no further. A registry or broker failure is not the record's fault: it fails the thread, which is replaced and reads
 * the record again. What the domain throws for one plan quarantines that plan, not the stream.
 */
abstract class BallotProcessor<T extends SpecificRecord> implements Processor<String, byte[], String, Object> {

    private static final Logger LOG = Logger.getLogger(BallotProcessor.class);

    private final DecodeOrDeadLetter<T> decoder;
    private final BiConsumer<String, Object> beforeJudging;
    /** Quarantined plans and why (shared by the ballot processors, kept across restarts), until an operator's RETRY. */
    protected KeyValueStore<String, String> quarantined;
    protected ProcessorContext<String, Object> context;
    protected KeyValueStore<String, Ballot> ballots;
    protected Clock clock;
    protected BallotBox box;

    /**
     * {@code beforeJudging} is called with the planId and the record (or the ballot, from a punctuation) before the
     * domain sees it; a no-op but in tests.
     */
    BallotProcessor(Topic<T> topic, Deserializer<T> deserializer, BiConsumer<String, Object> beforeJudging) {
        this.decoder = new DecodeOrDeadLetter<>(topic, deserializer, DeadLetters.CONSUMER, java.time.Clock.systemUTC());
        this.beforeJudging = beforeJudging;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.ballots = context.getStateStore(CoordinatorTopology.BALLOTS_STORE);
        this.quarantined = context.getStateStore(CoordinatorTopology.QUARANTINE_STORE);
        this.clock = new StreamsClock(context);
        this.box = new BallotBox(clock);
    }

    @Override
    public final void process(Record<String, byte[]> record) {
        // The shared step: a tombstone, a keyless record or one that does not decode is a dead letter, a transient
        // cause is thrown (the thread is replaced, the record read again).
        T value;
        var outcome = DecodeStep.decode(decoder, context, record);
        if (outcome instanceof DecodeOrDeadLetter.Decoded<T> d) {
            value = d.value();
        } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<T> u) {
            DeadLetters.send(context, u.letter());
            return;
        } else {
            return;
        }
        String planId = record.key();
        String why = heldByQuarantine() ? quarantined.get(planId) : null;
        if (why != null) {
            DeadLetters.send(context, clock, planId, record.value(), "Plan " + planId + " is quarantined, not counted: " + why, null);
            return;
        }
        try {
            beforeJudging.accept(planId, value);
            process(record, value);
        } catch (RuntimeException e) {
            quarantine(planId, record.value(), e);
        }
    }

    /** A record that decoded to {@code value}. */
    abstract void process(Record<String, byte[]> record, T value);

    /** Whether a quarantined plan's records are dead letters here rather than processed (all but the release's). */
    boolean heldByQuarantine() {
        return true;
    }

    /** Runs one plan's part of a punctuation, quarantining the plan if the domain throws for it. */
    protected final void forPlan(String planId, Object subject, Runnable work) {
        if (quarantined.get(planId) != null) {
            return;
        }
        try {
            beforeJudging.accept(planId, subject);
            work.run();
        } catch (RuntimeException e) {
            quarantine(planId, null, e);
        }
    }

    /**
     * Registry, broker and Streams failures are rethrown (the thread is replaced, the record read again); anything
     * else is the plan's: the record goes to the dead letters with the exception and the plan's later records follow it.
     */
    private void quarantine(String planId, byte[] raw, RuntimeException e) {
        if (Transience.failsTheStream(e)) {
            throw e;
        }
        String why = "coordinator quarantined plan " + planId + ": " + dev.spotshift.schemas.DeadLetters.describe(e);
        LOG.errorf(e, "plan %s quarantined", planId);
        quarantined.put(planId, why);
        DeadLetters.send(context, clock, planId, raw, why, e);
    }
}
