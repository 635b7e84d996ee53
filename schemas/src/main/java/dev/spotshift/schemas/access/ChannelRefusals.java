package dev.spotshift.schemas.access;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * A poll the broker refuses on a service's incoming channel (SmallRye Reactive Messaging's Kafka consumer: the
 * analyzer's {@code plans}, the notifier's {@code events}) is counted in {@link BrokerRefusals#METER} with the channel's
 * principal and client {@code consumer}, and logged once per principal and topic, as the hand-built readers
 * ({@code TopicLog}) and the producers ({@link RefusalInterceptor}) are.
 * <p>
 * Why through the connector's log: it retries a failed poll with back-off for ever (the channel recovers once the ACL
 * is granted) and tells of each failure only by its warning SRMSG18285 (client id, channel, cause); no listener or
 * interceptor sees a poll that threw. A filter on its logger counts each refused poll and drops that warning, which would
 * otherwise repeat every few seconds all night; any other warning, and the channel's terminal failure, pass as before.
 * The principal is the channel's own, read from the consumer's settings as it is created (this customizer changes
 * nothing in them).
 */
@ApplicationScoped
public class ChannelRefusals implements ClientCustomizer<Map<String, Object>> {

    /** The connector's logger (its {@code KafkaLogging} message logger's category). */
    static final String CONNECTOR_LOGGER = "io.smallrye.reactive.messaging.kafka";
    /** "Failed to poll consumer client `%s` for channel `%s`, it will be re-attempted". */
    static final String POLL_RETRY = "SRMSG18285";

    private static final Map<String, Channel> CHANNELS = new ConcurrentHashMap<>();
    /** Held so the logger, and the filter on it, outlive a collection (a plain JDK LogManager keeps loggers weakly). */
    private static Logger connector;

    /** An incoming channel: who its consumer logs in as, and the one topic it reads (null for several). */
    record Channel(String principal, String topic) {}

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (config.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            try {
                CHANNELS.put(channel, new Channel(BrokerRefusals.principalOf(config),
                        channelConfig.getOptionalValue("topic", String.class).orElse(null)));
            } catch (LinkageError noMicrometer) {
                // an application without Micrometer (the contract tests' app) has nowhere to count: the connector's
                // own warning stays, and the channel starts as it would without this customizer
                return config;
            }
            watch();
        }
        return config;
    }

    /** Puts the filter on the connector's logger (again after a restart in the same JVM, replacing the old one). */
    static synchronized void watch() {
        connector = Logger.getLogger(CONNECTOR_LOGGER);
        Filter current = connector.getFilter();
        if (current instanceof PollRefusalFilter) {
            return;
        }
        boolean stale = current != null && current.getClass().getName().equals(PollRefusalFilter.class.getName());
        connector.setFilter(new PollRefusalFilter(stale ? null : current));
    }

    /** Counts a refused poll of a known channel and keeps its repeating warning out of the log. */
    static final class PollRefusalFilter implements Filter {

        private final Filter previous;

        PollRefusalFilter(Filter previous) {
            this.previous = previous;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            if (refusedPoll(record)) {
                return false;
            }
            return previous == null || previous.isLoggable(record);
        }

        private static boolean refusedPoll(LogRecord record) {
            Object[] params = record.getParameters();
            if (record.getThrown() == null || record.getMessage() == null || !record.getMessage().startsWith(POLL_RETRY)
                    || params == null || params.length < 2 || params[1] == null) {
                return false;
            }
            Channel channel = CHANNELS.get(params[1].toString());
            if (channel == null || BrokerRefusals.refusalIn(record.getThrown()).isEmpty()) {
                return false;
            }
            try {
                BrokerRefusals.record(channel.principal(), record.getThrown(), channel.topic(), "consumer");
            } catch (LinkageError noMicrometer) {
                return false; // not counted: let the connector's own warning say it
            }
            return true;
        }
    }
}
