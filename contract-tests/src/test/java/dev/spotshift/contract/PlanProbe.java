package dev.spotshift.contract;

import dev.spotshift.events.MigrationPlanSubmitted;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A stand-in service for the contract tests: sends plans through one channel and keeps what the other receives. */
@ApplicationScoped
public class PlanProbe {

    private final List<MigrationPlanSubmitted> received = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("plans-out")
    Emitter<Record<String, MigrationPlanSubmitted>> out;

    public void send(MigrationPlanSubmitted event) {
        out.send(Record.of(event.getEnvelope().getPlanId(), event)).toCompletableFuture().join();
    }

    @Incoming("plans-in")
    public void receive(MigrationPlanSubmitted event) {
        received.add(event);
    }

    public List<MigrationPlanSubmitted> received() {
        return received;
    }
}
