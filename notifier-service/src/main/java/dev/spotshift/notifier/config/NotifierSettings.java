package dev.spotshift.notifier.config;

import dev.spotshift.schemas.config.PositiveDuration;
import dev.spotshift.schemas.config.PositiveInt;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The notifier's settings; the sinks' are checked by {@link dev.spotshift.notifier.domain.SinkSpecs} with located errors. */
@ConfigMapping(prefix = "spotshift.notifier")
public interface NotifierSettings {

    String SINKS_PREFIX = "spotshift.notifier.sinks";

    /** Plain http sink URLs: tests only (their receivers listen on 127.0.0.1 without TLS). */
    @WithDefault("false")
    boolean allowPlainHttp();

    /** Each send, connect and answer together, is bounded by this. */
    @WithDefault("5s")
    @WithConverter(PositiveDuration.class)
    Duration sendTimeout();

    /** How many event ids per sink are remembered for deduplication. */
    @WithDefault("100000")
    @WithConverter(PositiveInt.class)
    int dedupeCapacity();

    /** Sink name -> its settings, read and checked by {@link dev.spotshift.notifier.domain.SinkSpecs}. */
    Map<String, Map<String, String>> sinks();

    Retry retry();

    Sns sns();

    interface Retry {
        @WithDefault("1s")
        @WithConverter(PositiveDuration.class)
        Duration first();

        @WithDefault("60s")
        @WithConverter(PositiveDuration.class)
        Duration max();

        /** With the defaults: tries over about five minutes, then the delivery is given up and dead-lettered. */
        @WithDefault("9")
        @WithConverter(PositiveInt.class)
        int attempts();
    }

    interface Sns {
        /** An SNS-compatible endpoint instead of AWS's (tests: moto). */
        Optional<URI> endpointOverride();
    }
}
