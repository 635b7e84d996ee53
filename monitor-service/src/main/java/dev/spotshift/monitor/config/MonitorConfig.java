package dev.spotshift.monitor.config;

import dev.spotshift.schemas.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The monitor's own settings, checked when the service starts: a missing or malformed one stops it there, named,
 * instead of at the first record.
 */
@ConfigMapping(prefix = "spotshift.monitor")
public interface MonitorConfig {

    /** How often due gates are looked for. */
    @WithDefault("PT1S")
    @WithConverter(PositiveDuration.class)
    Duration gateCheckInterval();

    /** How long samples still in flight are waited for after a gate's due time. */
    @WithDefault("PT1S")
    @WithConverter(PositiveDuration.class)
    Duration gateGrace();

    /** A status whose only change is savings is published at most this often per plan. */
    @WithDefault("1s")
    @WithConverter(PositiveDuration.class)
    Duration statusInterval();

    /** A record dated further ahead of the wall clock than this is a dead letter rather than a fact. */
    @WithDefault("PT5M")
    @WithConverter(PositiveDuration.class)
    Duration maxFutureSkew();
}
