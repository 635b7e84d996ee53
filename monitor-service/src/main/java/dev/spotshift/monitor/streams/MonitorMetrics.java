package dev.spotshift.monitor.streams;

import io.micrometer.core.instrument.Counter;
import dev.spotshift.schemas.EventMeters;
import io.micrometer.core.instrument.MeterRegistry;

/** What operators watch: how much the monitor judged, ignored, ordered and could not read. */
public final class MonitorMetrics {

    private final MeterRegistry registry;
    private final Counter samplesJudged;
    private final Counter samplesIgnored;
    private final Counter commandsSuppressed;
    private final java.util.Map<String, Counter> eventsIn = new java.util.concurrent.ConcurrentHashMap<>();

    public MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.samplesJudged = registry.counter("spotshift.monitor.samples.judged");
        this.samplesIgnored = registry.counter("spotshift.monitor.samples.ignored");
        this.commandsSuppressed = registry.counter("spotshift.monitor.commands.suppressed");
    }

    void sampleJudged() {
        samplesJudged.increment();
    }

    /** A sample of an unknown, not yet approved or finished plan (or a shadow run): not an error. */
    void sampleIgnored() {
        samplesIgnored.increment();
    }

    void commandSuppressed(int count) {
        if (count > 0) {
            commandsSuppressed.increment(count);
        }
    }

    void commandEmitted(String level, String trigger) {
        registry.counter("spotshift.monitor.commands.emitted", "level", level, "trigger", trigger).increment();
    }

    /** A plan's spend reached a budget level for the first time (WARNING: a review signal; CAPPED: a hold). */
    void budgetSignalled(String level) {
        registry.counter("spotshift.monitor.budget.signals", "level", level).increment();
    }

    void verdictEmitted(String result) {
        registry.counter("spotshift.monitor.verdicts", "result", result).increment();
    }

    void eventIn(String topic, String type) {
        // once per record: the registry's lookup (tags sorted, an id built and hashed) only the first time per pair
        eventsIn.computeIfAbsent(topic + '\u0000' + type,
                k -> registry.counter(EventMeters.IN, EventMeters.TOPIC, topic, EventMeters.TYPE, type)).increment();
    }

    void eventOut(String topic, String type) {
        registry.counter(EventMeters.OUT, EventMeters.TOPIC, topic, EventMeters.TYPE, type).increment();
    }

    /** A plan the monitor stopped judging because handling one of its records threw. */
    void quarantined() {
        registry.counter("spotshift.monitor.plans.quarantined").increment();
    }

    /** A quarantined plan an operator's RETRY released. */
    void released() {
        registry.counter("spotshift.monitor.plans.released").increment();
    }

    void deadLettered(String kind) {
        registry.counter("spotshift.monitor.dead.letters", "kind", kind).increment();
    }

    public double samplesJudged() {
        return samplesJudged.count();
    }

    public double samplesIgnored() {
        return samplesIgnored.count();
    }

    /** What the decode step counts: each event in, each record it could not read (a dead letter out). */
    dev.spotshift.schemas.streams.DecodeStep.Listener decoding() {
        return new dev.spotshift.schemas.streams.DecodeStep.Listener() {
            @Override
            public void decoded(String topic, org.apache.avro.specific.SpecificRecord event) {
                eventIn(topic, event.getClass().getSimpleName());
            }

            @Override
            public void deadLettered(dev.spotshift.events.DeadLetter letter) {
                MonitorMetrics.this.deadLettered("undecodable");
                eventOut(dev.spotshift.schemas.Topics.DEAD_LETTERS.name(), "DeadLetter");
            }
        };
    }
}
