package dev.spotshift.schemas.streams;

import dev.spotshift.schemas.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What a Spotshift Streams job does with an exception that escaped a processor: replace the stream thread.
 * The new thread resumes the task from its last committed offset (exactly-once: the failed transaction is
 * aborted), so a transient cause (registry or broker away) is retried and nothing is committed half done.
 * The default, SHUTDOWN_CLIENT, left the process up with no stream running. Counted in {@value #METER}
 * (tag {@code exception}) and logged, so a thread replaced in a loop shows on a dashboard.
 * <p>
 * Quarkus's Kafka Streams extension installs any CDI bean of type {@link StreamsUncaughtExceptionHandler};
 * each service produces one of these.
 */
public final class ReplaceStreamThread implements StreamsUncaughtExceptionHandler {

    public static final String METER = "spotshift.streams.thread.replaced";

    private static final Logger LOG = Logger.getLogger(ReplaceStreamThread.class);

    private final MeterRegistry registry;
    private final String service;

    public ReplaceStreamThread(MeterRegistry registry, String service) {
        this.registry = registry;
        this.service = service;
    }

    /** The principal the service's clients log in as (kafka.sasl.jaas.config), for a refusal's counter. */
    private static String principal() {
        try {
            return dev.spotshift.schemas.access.BrokerRefusals.principalOf(
                    dev.spotshift.schemas.access.ServiceKafkaSecurity.settings());
        } catch (RuntimeException | LinkageError noConfig) {
            return "unknown";
        }
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        registry.counter(METER, "exception", root.getClass().getSimpleName()).increment();
        if (!dev.spotshift.schemas.access.BrokerRefusals.record(principal(), exception, null, "streams").isEmpty()) {
            // counted and logged once per principal and topic there; a replaced thread is refused again until the
            // ACLs grant what the topology reads and writes, which must not flood the log
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.errorf(exception, "%s: a stream thread died (%s, %s); replacing it, its tasks resume from their last commit",
                service, Transience.isTransient(exception) ? "transient" : "not transient", DeadLetters.describe(exception));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
