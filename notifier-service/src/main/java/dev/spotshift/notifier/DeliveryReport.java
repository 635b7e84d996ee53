package dev.spotshift.notifier;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.notifier.domain.Delivery;
import dev.spotshift.schemas.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * What happened to each delivery: counted ({@code spotshift_notifier_deliveries_total{sink,outcome}}), logged, and a
 * delivery given up on becomes a dead letter naming the sink, the attempts and the sink's last answer, against the
 * record it came from (so {@code spotshift dead-letters --redrive} can send it again once the sink is back).
 */
@ApplicationScoped
public class DeliveryReport implements Consumer<Delivery> {

    private static final Logger LOG = Logger.getLogger(DeliveryReport.class);
    static final String CONSUMER = "notifier-service";

    private final MeterRegistry meters;
    private final Emitter<Record<String, DeadLetter>> deadLetters;

    public DeliveryReport(MeterRegistry meters, @Channel("dead-letters") Emitter<Record<String, DeadLetter>> deadLetters) {
        this.meters = meters;
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(Delivery d) {
        String outcome = d instanceof Delivery.Delivered ? "delivered"
                : d instanceof Delivery.Retrying ? "retried"
                : d instanceof Delivery.GivenUp ? "given_up"
                : d instanceof Delivery.Duplicate ? "duplicate" : "rate_limited";
        meters.counter("spotshift.notifier.deliveries", "sink", d.sink(), "outcome", outcome).increment();
        var n = d.notification();
        if (d instanceof Delivery.Delivered x) {
            LOG.infof("%s %s of plan %s delivered to %s (attempt %d)", n.kind(), n.eventId(), n.planId(), x.sink(), x.attempts());
        } else if (d instanceof Delivery.Retrying x) {
            LOG.warnf("%s %s of plan %s: attempt %d at %s failed (%s); again in %s", n.kind(), n.eventId(), n.planId(),
                    x.attempt(), x.sink(), x.error(), x.delay());
        } else if (d instanceof Delivery.GivenUp x) {
            String reason = "notification to sink " + x.sink() + " given up after " + x.attempts() + " attempts: " + x.lastError();
            LOG.errorf("%s %s of plan %s: %s", n.kind(), n.eventId(), n.planId(), reason);
            deadLetters.send(Record.of(n.planId(), DeadLetters.of(n.origin().topic(), n.origin().partition(),
                    n.origin().offset(), n.planId().getBytes(StandardCharsets.UTF_8), null, reason, null, CONSUMER,
                    Instant.now())));
        }
    }
}
