package dev.spotshift.operator.kafka;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.schemas.streams.TopicFollower;
import dev.spotshift.schemas.streams.TopicLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The latest migration-status of every plan, read whole from the compacted topic at each start by the shared
 * whole-topic reader (every partition assigned, no group, no commits: a committed offset would skip the state it must
 * rebuild). The operator answers deletions only once it has caught up, so it never takes a finished plan for a live
 * one. What it cannot read it passes over with a warning: the monitor's own consumers dead-letter it, a mirror only
 * says so.
 */
@ApplicationScoped
public class StatusBoard {

    private final Map<String, MigrationStatus> latest = new ConcurrentHashMap<>();
    private final String bootstrapServers;
    private final String registryUrl;
    private TopicFollower follower;

    public StatusBoard(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent event) {
        TopicLog log = TopicLog.open(bootstrapServers, registryUrl, "plan-operator-status",
                List.of(Topics.MIGRATION_STATUS), Duration.ofSeconds(10));
        follower = new TopicFollower("migration-status-board", log, (r, outcome) -> {
            if (outcome instanceof DecodeOrDeadLetter.Decoded<?> d && d.value() instanceof MigrationStatus s) {
                latest.put(s.getPlanId(), s);
            } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<?> u) {
                log.passedOver(r, u.reason());
            }
            return true;
        }, null);
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (follower != null) {
            follower.stop();
        }
    }

    public MigrationStatus latest(String planId) {
        return latest.get(planId);
    }

    public Map<String, MigrationStatus> all() {
        return latest;
    }

    /** migration-status was read up to where it ended when the operator started. */
    public boolean caughtUp() {
        return follower != null && follower.caughtUp();
    }

    public boolean alive() {
        return follower != null && follower.alive();
    }
}
