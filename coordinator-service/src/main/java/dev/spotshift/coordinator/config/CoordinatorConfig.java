package dev.spotshift.coordinator.config;

import dev.spotshift.schemas.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The coordinator's own settings, checked when the service starts: a missing or malformed one stops it there, named,
 * instead of at the first ballot.
 */
@ConfigMapping(prefix = "spotshift.coordinator")
public interface CoordinatorConfig {

    /** How late past its deadline a silent ballot may be closed. */
    @WithDefault("PT1S")
    @WithConverter(PositiveDuration.class)
    Duration deadlineCheckInterval();

    /** Closed ballots are kept this long to recognise late and repeated votes and assessments. */
    @WithDefault("P7D")
    @WithConverter(PositiveDuration.class)
    Duration closedBallotRetention();
}
