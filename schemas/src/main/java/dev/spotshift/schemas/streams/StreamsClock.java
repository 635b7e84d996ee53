package dev.spotshift.schemas.streams;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The wall clock as Kafka Streams sees it, for a processor's domain: deadlines follow the same time the wall-clock
 * punctuator runs on, and a TopologyTestDriver moves both together.
 */
public final class StreamsClock extends Clock {

    private final ProcessorContext<?, ?> context;

    public StreamsClock(ProcessorContext<?, ?> context) {
        this.context = context;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
