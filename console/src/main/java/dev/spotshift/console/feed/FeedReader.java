package dev.spotshift.console.feed;

import dev.spotshift.console.domain.Board;
import dev.spotshift.console.domain.DeadLetterTally;
import dev.spotshift.console.domain.KillSwitchState;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.schemas.DeadLetters;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.schemas.streams.TopicFollower;
import dev.spotshift.schemas.streams.TopicLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the topics the console shows into the {@link Board}, by the shared whole-topic reader ({@link TopicLog} kept
 * up by a {@link TopicFollower}): every partition from the beginning at each start (no group, no commits), because
 * every replica shows every plan and migration-status is compacted state that a group's committed offset would skip.
 *
 * <p>Nothing is written here (the console's only writes are operator actions, ActionResource and KillSwitchResource). A record it cannot read is not dead-lettered here (the topic's own consumers do
 * that, and a viewer's copy would double it at every restart): it is logged with its coordinates and reason and
 * counted in {@code spotshift_console_records_unreadable_total{topic}}, and the pages say how many there were. A
 * registry or broker that cannot be reached is not the record's fault: the reader stays on it and tries again.
 */
@ApplicationScoped
public class FeedReader {

    private static final Logger LOG = Logger.getLogger(FeedReader.class);
    static final String CONSUMER = "console";

    /** Everything a plan page shows, from the topics that carry it. */
    static final List<Topic<?>> TOPICS = List.of(Topics.MIGRATION_STATUS, Topics.MIGRATION_PLANS,
            Topics.ROLLOUT_EVENTS, Topics.GATE_VERDICTS, Topics.ROLLBACK_COMMANDS, Topics.SPOT_INTERRUPTIONS,
            Topics.WORKLOAD_METRICS, Topics.DEAD_LETTERS, Topics.KILL_SWITCH);

    private final Board board;
    private final DeadLetterTally deadLetters;
    private final KillSwitchState killSwitch;
    private final Changes changes;
    private final MeterRegistry meters;
    private final String bootstrapServers;
    private final String registryUrl;
    private final AtomicLong skipped = new AtomicLong();
    private TopicFollower follower;

    public FeedReader(Board board, DeadLetterTally deadLetters, KillSwitchState killSwitch, Changes changes,
                      MeterRegistry meters,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                      @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.board = board;
        this.deadLetters = deadLetters;
        this.killSwitch = killSwitch;
        this.changes = changes;
        this.meters = meters;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent event) {
        follower = new TopicFollower("console-feed",
                TopicLog.open(bootstrapServers, registryUrl, CONSUMER, TOPICS, Duration.ofSeconds(10)), this::handle, null);
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (follower != null) {
            follower.stop();
        }
    }

    /** Every topic was read up to where it ended when the reader started. */
    public boolean caughtUp() {
        return follower != null && follower.caughtUp();
    }

    /** Records skipped as unreadable since this process started. */
    public long skipped() {
        return skipped.get();
    }

    public boolean alive() {
        return follower != null && follower.alive();
    }

    public Instant heartbeat() {
        return follower == null ? Instant.now() : follower.heartbeat();
    }

    /**
     * One record and what it decoded to. A dead letter is counted, not shown per plan (the shared step reads it
     * without a key: the poison it reports may have had none).
     */
    boolean handle(ConsumerRecord<byte[], byte[]> r, DecodeOrDeadLetter.Outcome<?> outcome) {
        if (outcome instanceof DecodeOrDeadLetter.Decoded<?> d) {
            try {
                if (d.value() instanceof DeadLetter letter) {
                    deadLetters.add(letter.getConsumer(), letter.getSourceTopic(), letter.getSourcePartition(),
                            letter.getSourceOffset());
                } else if (d.value() instanceof KillSwitch flip) {
                    // Global, not a plan's: the list page shows it, who flipped it and why.
                    killSwitch.apply(new KillSwitchState.Flip(flip.getEngaged(), flip.getOperator(), flip.getReason(),
                            flip.getEnvelope().getOccurredAt()));
                    changes.changed(Topics.KILL_SWITCH_KEY);
                } else {
                    board.apply(d.key(), d.value()).ifPresent(changes::changed);
                }
            } catch (RuntimeException e) {
                unreadable(r, "not usable by the console: " + DeadLetters.describe(e));
            }
        } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<?> u) {
            unreadable(r, u.reason());
        }
        return true;
    }

    private void unreadable(ConsumerRecord<byte[], byte[]> r, String reason) {
        skipped.incrementAndGet();
        meters.counter("spotshift.console.records.unreadable", "topic", r.topic()).increment();
        LOG.warnf("skipped %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), reason);
    }
}
