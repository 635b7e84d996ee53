package dev.spotshift.bridge.config;

import dev.spotshift.schemas.config.NonNegativeDuration;
import dev.spotshift.schemas.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The bridge's own settings ({@code spotshift.cloud.*} choose and configure the cloud). */
@ConfigMapping(prefix = "spotshift.bridge")
public interface BridgeConfig {

    Notices notices();

    Metrics metrics();

    /** Region of a notice that names none (EventBridge always names one; a hand-made message may not). */
    @WithDefault("us-east-1")
    String defaultRegion();

    /** How long a publish waits for the broker's ack before the source message is left for redelivery. */
    @WithDefault("20s")
    @WithConverter(PositiveDuration.class)
    Duration publishTimeout();

    /** Not ready when the broker has not answered the directory reader for this long. */
    @WithDefault("30s")
    @WithConverter(PositiveDuration.class)
    Duration kafkaStale();

    /** Not live when a bridge loop has not come round for this long (a call stuck past every timeout). */
    @WithDefault("3m")
    @WithConverter(PositiveDuration.class)
    Duration livenessStall();

    interface Notices {
        /** Off where something else feeds spot-interruptions (the demo's workload simulator). */
        @WithDefault("true")
        boolean enabled();

        /** SQS long-poll wait of one receive (at most 20 s). */
        @WithDefault("20s")
        @WithConverter(PositiveDuration.class)
        Duration receiveWait();

        /** Pause after an empty receive: SQS already waited, the simulated queue answers at once. */
        @WithDefault("1s")
        @WithConverter(PositiveDuration.class)
        Duration idleBackoff();

        /** Longest pause after failed receives (it doubles from idleBackoff). */
        @WithDefault("30s")
        @WithConverter(PositiveDuration.class)
        Duration maxBackoff();
    }

    interface Metrics {
        /** Off where something else feeds workload-metrics (the demo's workload simulator). */
        @WithDefault("true")
        boolean enabled();

        /** One sample per plan per interval; on AWS a CloudWatch period (60 s multiples; 1, 5, 10, 30 s high resolution). */
        @WithDefault("60s")
        @WithConverter(PositiveDuration.class)
        Duration interval();

        /** How long after an interval ends it is read: CloudWatch aggregates a period with some delay. */
        @WithDefault("60s")
        @WithConverter(NonNegativeDuration.class)
        Duration settle();

        /** How often due intervals are looked for (the scheduler's period; intervals stay aligned regardless). */
        @WithDefault("5s")
        @WithConverter(PositiveDuration.class)
        Duration checkEvery();
    }
}
