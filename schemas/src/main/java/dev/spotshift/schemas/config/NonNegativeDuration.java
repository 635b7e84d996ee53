package dev.spotshift.schemas.config;

import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/** A period where zero means "off" (a reaper pass, a check); a negative one is a typo caught at start. */
public class NonNegativeDuration implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration d = PositiveDuration.parse(value);
        if (d.isNegative()) {
            throw new IllegalArgumentException("must be a duration of zero (off) or more (e.g. 0s, 60s), was '" + value + "'");
        }
        return d;
    }
}
