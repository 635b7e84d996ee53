package dev.spotshift.coordinator.streams;

import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.coordinator.domain.BallotBox;
import java.time.Clock;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the ballot processors share: the ballots store, the stream-time clock and the ballot box, and the first step
 * of every record, which decodes its bytes or sends it to the dead letters (undecodable, or empty) and goes no further.
 */
abstract class BallotProcessor<T> implements Processor<String, byte[], String, Object> {

    private final Deserializer<T> deserializer;
    private final String what;
    protected ProcessorContext<String, Object> context;
    protected KeyValueStore<String, Ballot> ballots;
    protected Clock clock;
    protected BallotBox box;

    /** {@code what} names the record in a dead letter's reason: "vote", "assessment". */
    BallotProcessor(Deserializer<T> deserializer, String what) {
        this.deserializer = deserializer;
        this.what = what;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.ballots = context.getStateStore(CoordinatorTopology.BALLOTS_STORE);
        this.clock = new StreamsClock(context);
        this.box = new BallotBox(clock);
    }

    @Override
    public final void process(Record<String, byte[]> record) {
        T value;
        try {
            value = deserializer.deserialize(CoordinatorTopology.sourceTopic(context), record.headers(), record.value());
        } catch (RuntimeException e) {
            DeadLetters.send(context, clock, record.key(), record.value(), "Undecodable " + what + ": " + e.getMessage(), e);
            return;
        }
        if (value == null) {
            DeadLetters.send(context, clock, record.key(), null, "Empty " + what + " record", null);
            return;
        }
        process(record, value);
    }

    /** A record that decoded to {@code value}. */
    abstract void process(Record<String, byte[]> record, T value);
}
