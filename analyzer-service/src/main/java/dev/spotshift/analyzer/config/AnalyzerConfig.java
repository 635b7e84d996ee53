package dev.spotshift.analyzer.config;
import dev.spotshift.analyzer.rest.RateLimit;

import dev.spotshift.schemas.config.PositiveDuration;
import dev.spotshift.schemas.config.PositiveInt;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The analyzer's own settings, checked when the service starts: a missing or malformed one stops it there, named,
 * instead of at the first submission.
 */
@ConfigMapping(prefix = "spotshift.analyzer")
public interface AnalyzerConfig {

    Intake intake();

    Directory directory();

    RateLimit rateLimit();

    interface Intake {
        /** The largest record the intake sends; the body limit derives from it (IntakeSettings). */
        @WithConverter(PositiveInt.class)
        int maxRecordBytes();

        /** How long a submission waits for the broker before its 503. */
        @WithConverter(PositiveDuration.class)
        Duration publishTimeout();
    }

    interface Directory {
        /** How long the live-plan directory waits for the broker before the plan is judged again later. */
        @WithDefault("PT10S")
        @WithConverter(PositiveDuration.class)
        Duration timeout();
    }

    interface RateLimit {
        /** Submissions per window for each caller. */
        @WithDefault("60")
        @WithConverter(PositiveInt.class)
        int requests();

        @WithDefault("PT1M")
        @WithConverter(PositiveDuration.class)
        Duration window();
    }
}
