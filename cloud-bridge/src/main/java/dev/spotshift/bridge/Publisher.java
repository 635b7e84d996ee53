package dev.spotshift.bridge;
import dev.spotshift.bridge.config.BridgeConfig;

import dev.spotshift.bridge.domain.LivePlan;
import dev.spotshift.bridge.domain.SampleFigures;
import dev.spotshift.bridge.domain.Warning;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.InterruptionKind;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.OutputMismatch;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Writes the bridge's three outputs and waits for the broker's ack: the caller deletes the source message only
 * after it returns, so a failure here leaves the message on the queue for redelivery (at least once).
 */
@ApplicationScoped
public class Publisher {

    private final Emitter<Record<String, SpotInterruptionWarning>> interruptions;
    private final Emitter<Record<String, MetricSample>> samples;
    private final Emitter<Record<String, DeadLetter>> deadLetters;
    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final String producer;
    private final Clock clock = Clock.systemUTC();

    public Publisher(@Channel("interruptions") Emitter<Record<String, SpotInterruptionWarning>> interruptions,
                     @Channel("samples") Emitter<Record<String, MetricSample>> samples,
                     @Channel("dead-letters") Emitter<Record<String, DeadLetter>> deadLetters,
                     BridgeConfig config, BridgeMetrics metrics,
                     @ConfigProperty(name = "quarkus.application.name") String name,
                     @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        this.interruptions = interruptions;
        this.samples = samples;
        this.deadLetters = deadLetters;
        this.config = config;
        this.metrics = metrics;
        this.producer = name + "/" + version;
    }

    /** The notice is an outside observation: no cause, but the plan's trace so one trace spans the migration. */
    SpotInterruptionWarning warning(LivePlan plan, Warning w) throws Exception {
        SpotInterruptionWarning event = SpotInterruptionWarning.newBuilder()
                .setEnvelope(Envelopes.inTrace(plan.traceparent(), w.planId(), producer, null, clock))
                .setKind(w.twoMinuteWarning() ? InterruptionKind.INTERRUPTION_WARNING
                        : InterruptionKind.REBALANCE_RECOMMENDATION)
                .setInstanceId(w.instanceId())
                .setInstanceType(w.instanceType())
                .setAvailabilityZone(w.availabilityZone())
                .setAction(w.action())
                .setNoticeAt(w.noticeAt())
                .setDeadline(w.deadline())
                .setSourceEventId(w.sourceEventId())
                .build();
        await(interruptions, w.planId(), event);
        metrics.published(Topics.SPOT_INTERRUPTIONS.name(), "SpotInterruptionWarning");
        return event;
    }

    MetricSample sample(LivePlan plan, SampleFigures f) throws Exception {
        MetricSample event = MetricSample.newBuilder()
                .setEnvelope(Envelopes.inTrace(plan.traceparent(), f.planId(), producer, null, clock))
                .setInstanceId(null)
                .setIntervalMillis(f.intervalMillis())
                .setJobsCompleted(f.jobsCompleted())
                .setJobsFailed(f.jobsFailed())
                .setMeanJobMillis(f.meanJobMillis())
                .setCpuUtilisationPercent(f.cpuPercent())
                .setCostMicros(f.costMicros())
                .setOnDemandCostMicros(f.onDemandCostMicros())
                .setSpotPercent(f.spotPercent())
                .setDataInconsistencies(f.dataInconsistencies())
                .setShadow(f.shadow())
                .setOutputMismatches(f.mismatches().stream().map(m -> OutputMismatch.newBuilder().setJobId(m.jobId())
                        .setSpotChecksum(m.shadowChecksum()).setOnDemandChecksum(m.servingChecksum()).build()).toList())
                .build();
        await(samples, f.planId(), event);
        metrics.published(Topics.WORKLOAD_METRICS.name(), "MetricSample");
        return event;
    }

    void deadLetter(String key, DeadLetter letter) throws Exception {
        await(deadLetters, key, letter);
        metrics.published(Topics.DEAD_LETTERS.name(), "DeadLetter");
    }

    private <V> void await(Emitter<Record<String, V>> emitter, String key, V value) throws Exception {
        emitter.send(Record.of(key, value)).toCompletableFuture()
                .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
