package dev.spotshift.schemas.streams;

import dev.spotshift.schemas.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Keeps a {@link TopicLog} read on a thread of its own, for a service that mirrors whole topics in memory (every
 * replica needs every record). It is {@link #caughtUp} once the topics were read up to where they ended when all of
 * them first existed; {@link #heartbeat} and {@link #alive} are for liveness, {@link #lastContact} for readiness. A
 * transient failure or a record the handler leaves for later is read again after a pause; a broker that does not
 * answer in time is asked again. Anything else stops the reader, which liveness then reports.
 */
public final class TopicFollower {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** How often the end offsets are asked for until the first ones came: the broker contact readiness follows. */
    private static final Duration CONTACT_EVERY = Duration.ofSeconds(5);

    /** What the service counts of the reader's trouble. */
    public interface Listener {
        /** The broker did not answer in time. */
        default void brokerUnanswered() {}

        /** A record was not read for a transient cause and will be read again. */
        default void transientFailure(Throwable cause) {}
    }

    private final String name;
    private final TopicLog log;
    private final TopicLog.Handler handler;
    private final Listener listener;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Instant heartbeat = Instant.now();
    private volatile Instant lastContact;
    private Thread thread;

    /** @param name the thread's name and what the logs call this reader */
    public TopicFollower(String name, TopicLog log, TopicLog.Handler handler, Listener listener) {
        this.name = name;
        this.log = log;
        this.handler = handler;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() throws InterruptedException {
        running = false;
        log.wakeup();
        if (thread != null) {
            thread.join(10_000);
        }
        log.close();
    }

    /** Every topic was read up to where it ended when the reader first found them all. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    public Instant heartbeat() {
        return heartbeat;
    }

    /** When the broker last answered (null: never yet). */
    public Instant lastContact() {
        return lastContact;
    }

    private void run() {
        Map<TopicPartition, Long> target = null;
        Instant nextContact = Instant.EPOCH;
        try {
            while (running) {
                heartbeat = Instant.now();
                try {
                    if (!Instant.now().isBefore(nextContact)) {
                        if (!log.assignAll()) {
                            // Nothing is read until every topic exists, as a fresh cluster creates them one by one.
                            LOG.warnf("%s: waiting for its topics to exist", name);
                            pause();
                            continue;
                        }
                        Map<TopicPartition, Long> ends = log.endOffsets();
                        lastContact = Instant.now();
                        nextContact = lastContact.plus(CONTACT_EVERY);
                        if (target == null) {
                            target = ends;
                        }
                    }
                    if (!log.pollOnce(handler, POLL)) {
                        pause();
                    }
                    if (!caughtUp && target != null && log.reached(target)) {
                        caughtUp = true;
                        LOG.infof("%s caught up", name);
                    }
                } catch (TimeoutException e) {
                    // Asked again after a pause: a broker that does not answer is not polled in a tight loop.
                    listener.brokerUnanswered();
                    pause();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (!Transience.isTransient(e)) {
                        throw e;
                    }
                    listener.transientFailure(e);
                    LOG.warnf("%s: a record not read for a transient cause, reading it again: %s", name,
                            DeadLetters.describe(e));
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped; liveness reports it", name);
            throw e;
        }
    }

    private void pause() {
        heartbeat = Instant.now();
        try {
            Thread.sleep(RETRY_AFTER.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
