package dev.spotshift.console.feed;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Live while the reader comes round; ready once it has read every topic to where it ended at start. */
public final class FeedHealth {

    private FeedHealth() {}

    /** A reader that has not come round for this long is stuck (a poll is 300 ms, a retry pause 1 s). */
    static final Duration STALE = Duration.ofSeconds(60);

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        private final FeedReader reader;

        public Live(FeedReader reader) {
            this.reader = reader;
        }

        @Override
        public HealthCheckResponse call() {
            boolean up = reader.alive() && reader.heartbeat().isAfter(Instant.now().minus(STALE));
            return HealthCheckResponse.named("console-feed").status(up).withData("heartbeat",
                    reader.heartbeat().toString()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final FeedReader reader;

        public Ready(FeedReader reader) {
            this.reader = reader;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("console-feed-caught-up").status(reader.caughtUp())
                    .withData("skippedRecords", reader.skipped()).build();
        }
    }
}
