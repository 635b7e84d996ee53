package dev.spotshift.notifier;

import dev.spotshift.notifier.domain.Notification;
import dev.spotshift.notifier.domain.StageChanges;
import dev.spotshift.schemas.EventMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One consumer group over everything worth telling (the channel's topics). A record is acknowledged when every sink
 * that wants it delivered it or gave up on it (the throttled commit strategy commits past it only then), so the
 * consumer never waits on a sink: a receiver that is down holds back no other record, plan or sink.
 */
@ApplicationScoped
public class EventsConsumer {

    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);
    static final String CHANNEL = "events";

    private final Sinks sinks;
    private final Notifications notifications = new Notifications(new StageChanges());
    private final MeterRegistry meters;

    public EventsConsumer(Sinks sinks, MeterRegistry meters) {
        this.sinks = sinks;
        this.meters = meters;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<Object> message) {
        Object event = message.getPayload();
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, Object> meta = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        String type = event == null ? "null" : event.getClass().getSimpleName();
        meters.counter(EventMeters.IN, EventMeters.TOPIC, meta.getTopic(), EventMeters.TYPE, type).increment();
        Optional<Notification> n;
        try {
            n = notifications.of(event, new Notification.Origin(meta.getTopic(), meta.getPartition(), meta.getOffset()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "record %s-%d@%d cannot be told; it goes to dead-letters", meta.getTopic(), meta.getPartition(), meta.getOffset());
            return message.nack(e);
        }
        if (n.isEmpty()) {
            return message.ack();
        }
        // Not returned: the connector would wait for it before the next record. Acknowledged when done instead.
        sinks.dispatcher().dispatch(n.get(), notifications.workload(n.get().planId()))
                .whenComplete((v, e) -> {
                    if (e == null) {
                        message.ack();
                    } else {
                        message.nack(e);
                    }
                });
        return CompletableFuture.completedFuture(null);
    }
}
