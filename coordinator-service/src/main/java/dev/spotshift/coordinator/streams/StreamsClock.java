package dev.spotshift.coordinator.streams;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The wall clock as Kafka Streams sees it. The domain asks this clock, so deadlines follow the same
 * time the wall-clock punctuator runs on, and a TopologyTestDriver can move both together.
 */
final class StreamsClock extends Clock {

    private final ProcessorContext<?, ?> context;

    StreamsClock(ProcessorContext<?, ?> context) {
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
