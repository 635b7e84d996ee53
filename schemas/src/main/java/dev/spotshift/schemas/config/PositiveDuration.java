package dev.spotshift.schemas.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A duration setting that must be above zero, in Quarkus's forms ({@code 30s}, {@code 250ms}, {@code 2h}, {@code 7d},
 * a plain number of seconds) or ISO-8601 ({@code PT30S}). Used with {@code @WithConverter} on the services'
 * {@code @ConfigMapping}s, so a bad value stops the service at start with the setting's name, its value and this
 * message — a zero interval would spin a punctuator, a negative timeout would fail every call.
 */
public class PositiveDuration implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration d = parse(value);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be a duration above zero (e.g. 30s or PT30S), was '" + value + "'");
        }
        return d;
    }

    static Duration parse(String value) {
        String v = value == null ? "" : value.trim();
        try {
            if (v.matches("[-+]?\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            if (v.matches("[-+]?\\d+ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.matches("[-+]?\\d*\\.?\\d+[dD]")) {
                return Duration.parse("P" + v.toUpperCase());
            }
            if (v.matches("[-+]?\\d*\\.?\\d+[hHmMsS]")) {
                return Duration.parse("PT" + v.toUpperCase());
            }
            return Duration.parse(v.toUpperCase());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("is not a duration (e.g. 30s, 250ms, PT30S): '" + value + "'");
        }
    }
}
