package dev.spotshift.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The executor's own settings (the plan carries the per-migration ones). */
@ConfigMapping(prefix = "spotshift.executor")
public interface ExecutorConfig {

    /** How long after a gate's due time a missing verdict is tolerated before the plan holds. */
    @WithDefault("30s")
    Duration gateGrace();

    /** How long pre-flight waits for the first metric sample of the workload. */
    @WithDefault("120s")
    Duration monitoringWait();

    /** INCONCLUSIVE verdicts re-judged once each before one counts as FAIL. */
    @WithDefault("1")
    int maxRejudges();

    @WithDefault("500")
    int processedIdsKept();

    /** Wall-clock punctuation period: the resolution of every timer. */
    @WithDefault("1s")
    Duration tick();

    /** Attempts of a capacity change (on top of the SDK's own retries) before the plan rolls back fully. */
    @WithDefault("3")
    int cloudAttempts();

    /** The Apicurio Registry (v2 API) the event serdes use. */
    String registryUrl();
}
