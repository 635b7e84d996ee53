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

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        registry.counter(METER, "exception", root.getClass().getSimpleName()).increment();
        LOG.errorf(exception, "%s: a stream thread died (%s, %s); replacing it, its tasks resume from their last commit",
                service, Transience.isTransient(exception) ? "transient" : "not transient", DeadLetters.describe(exception));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
