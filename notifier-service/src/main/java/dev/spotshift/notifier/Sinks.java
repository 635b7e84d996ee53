package dev.spotshift.notifier;
import dev.spotshift.notifier.config.NotifierSettings;

import dev.spotshift.notifier.domain.Backoff;
import dev.spotshift.notifier.domain.Delivery;
import dev.spotshift.notifier.domain.Dispatcher;
import dev.spotshift.notifier.domain.SeenEvents;
import dev.spotshift.notifier.domain.Sink;
import dev.spotshift.notifier.domain.SinkSpec;
import dev.spotshift.notifier.domain.SinkSpecs;
import dev.spotshift.notifier.sinks.HttpSinks;
import dev.spotshift.notifier.sinks.SnsSinks;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * The configured sinks and the dispatcher over them. A mistake in any sink's settings stops the start with every
 * mistake and the setting it is in: a notifier that silently lacks a sink is worse than one that does not start.
 */
@ApplicationScoped
@Startup
public class Sinks {

    private static final Logger LOG = Logger.getLogger(Sinks.class);

    private final Dispatcher dispatcher;
    private final SnsSinks sns;
    private final ScheduledExecutorService timer;
    private final List<SinkSpec> specs;
    private final DeliveryReport report;

    public Sinks(NotifierSettings settings, DeliveryReport report) {
        this.report = report;
        Map<String, String> raw = new TreeMap<>();
        settings.sinks().forEach((sink, values) ->
                values.forEach((k, v) -> raw.put(NotifierSettings.SINKS_PREFIX + "." + sink + "." + k, v)));
        SinkSpecs.Parsed parsed = SinkSpecs.parse(NotifierSettings.SINKS_PREFIX, raw, settings.allowPlainHttp());
        if (!parsed.errors().isEmpty()) {
            throw new IllegalStateException("notification sinks are misconfigured:\n  " + String.join("\n  ", parsed.errors()));
        }
        this.specs = parsed.sinks();
        HttpSinks http = new HttpSinks(settings.sendTimeout());
        this.sns = new SnsSinks(new dev.spotshift.cloud.aws.SnsMessageTopics(settings.sns().endpointOverride(), settings.sendTimeout()));
        List<Sink> sinks = specs.stream().map(s -> switch (s.type()) {
            case WEBHOOK -> http.webhook(s);
            case SLACK -> http.slack(s);
            case SNS -> sns.sns(s);
        }).toList();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notifier-timer");
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Dispatcher(sinks,
                new Backoff(settings.retry().first(), settings.retry().max(), settings.retry().attempts()),
                new SeenEvents(settings.dedupeCapacity()), timer, Clock.systemUTC(), this::safely);
        if (specs.isEmpty()) {
            LOG.warn("no notification sink is configured (spotshift.notifier.sinks.<name>.*): nobody will be told");
        } else {
            specs.forEach(s -> LOG.infof("sink %s: %s, plans %s, kinds %s, %d a minute", s.name(), s.type(),
                    s.plans().isEmpty() ? "all" : s.plans(), s.kinds().isEmpty() ? "all" : s.kinds(), s.perMinute()));
        }
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    List<SinkSpec> specs() {
        return specs;
    }

    /** A report that fails must never keep a delivery from completing (its record would never be committed). */
    private void safely(Delivery d) {
        try {
            report.accept(d);
        } catch (RuntimeException e) {
            LOG.warnf(e, "reporting %s failed", d.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
        sns.close();
    }
}
