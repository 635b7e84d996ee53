package dev.spotshift.console;

import dev.spotshift.schemas.config.PositiveDuration;
import dev.spotshift.schemas.config.PositiveInt;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The console's own settings, checked when it starts: a missing or malformed one stops it there, named. */
@ConfigMapping(prefix = "spotshift.console")
public interface ConsoleConfig {

    /** Samples kept per plan for its charts. */
    @WithDefault("300")
    @WithConverter(PositiveInt.class)
    int maxPoints();

    /** How long an audit report may take to read a plan back from the log. */
    @WithDefault("15s")
    @WithConverter(PositiveDuration.class)
    Duration auditTimeout();
}
