package dev.spotshift.executor;

import dev.spotshift.schemas.config.NonNegativeDuration;
import dev.spotshift.schemas.config.NonNegativeInt;
import dev.spotshift.schemas.config.PositiveDuration;
import dev.spotshift.schemas.config.PositiveInt;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The executor's own settings (the plan carries the per-migration ones). */
@ConfigMapping(prefix = "spotshift.executor")
public interface ExecutorConfig {

    /** How long after a gate's due time a missing verdict is tolerated before the plan holds. */
    @WithDefault("30s")
    @WithConverter(PositiveDuration.class)
    Duration gateGrace();

    /** How long pre-flight waits for the first metric sample of the workload. */
    @WithDefault("120s")
    @WithConverter(PositiveDuration.class)
    Duration monitoringWait();

    /** INCONCLUSIVE verdicts re-judged once each before one counts as FAIL. */
    @WithDefault("1")
    @WithConverter(NonNegativeInt.class)
    int maxRejudges();

    @WithDefault("500")
    @WithConverter(PositiveInt.class)
    int processedIdsKept();

    /** Wall-clock punctuation period: the resolution of every timer. */
    @WithDefault("1s")
    @WithConverter(PositiveDuration.class)
    Duration tick();

    /** Attempts of a capacity change (on top of the SDK's own retries) before its outcome says it failed. */
    @WithDefault("3")
    @WithConverter(PositiveInt.class)
    int cloudAttempts();

    /**
     * How long a step toward spot watches the group's scaling activities for spot launches that failed for capacity
     * (read every 2 s, ended early by a launch that ended). Zero reads once right after the change, which on AWS
     * mostly comes before Auto Scaling's first launch: a deployment on AWS sets about 20s. Emulators that write no
     * activities (moto) would wait it out on every step, so the default stays zero.
     */
    @WithDefault("0s")
    @WithConverter(NonNegativeDuration.class)
    Duration spotLaunchWatch();

    /**
     * Names this Spotshift installation: every instance it launches is tagged with it, and the reaper touches
     * only instances carrying it, so two deployments in one account never reap each other's capacity.
     */
    @WithDefault("default")
    String deploymentId();

    /** Run the actuator (the cloud commands' executor) in this process; off where it runs as its own deployment. */
    @WithDefault("true")
    boolean actuatorEnabled();

    /** Cloud commands carried out at once across plans (each plan's own run one after another). */
    @WithDefault("64")
    @WithConverter(PositiveInt.class)
    int actuatorMaxInFlight();

    /** Period of the reaper's pass over Spotshift-tagged capacity; 0s disables it. */
    @WithDefault("60s")
    @WithConverter(NonNegativeDuration.class)
    Duration reaperEvery();

    /** Report orphaned spot instances without terminating them. */
    @WithDefault("false")
    boolean reaperDryRun();

    /** Instances younger than this are never judged: their launch may belong to a transition still committing. */
    @WithDefault("5m")
    @WithConverter(PositiveDuration.class)
    Duration reaperGrace();

    /** Regions listed by the reaper besides those of the plans it knows (an unknown plan names none). */
    @WithDefault("us-east-1")
    java.util.List<String> reaperRegions();

    /** The interruption path falls back to on-demand this long before the notice deadline if it has not finished. */
    @WithDefault("30s")
    @WithConverter(PositiveDuration.class)
    Duration noticeMargin();

    /** The window per-pool interruptions are counted over (storms). */
    @WithDefault("1h")
    @WithConverter(PositiveDuration.class)
    Duration stormWindow();

    /** How often the market is re-read while a storm fallback holds a plan. */
    @WithDefault("60s")
    @WithConverter(PositiveDuration.class)
    Duration marketCheck();
}
