package dev.spotshift.schemas.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan's spot price ceiling, as people write it: {@code "0.7 x on-demand"} (also {@code ×},
 * {@code *}, {@code on-demand * 0.7}, {@code 70% of on-demand}) or absolute {@code "$0.045/h"}
 * ({@code 0.045 USD/h}). A bare number is refused: nobody can tell a fraction from dollars.
 * It is a filter and price guard for the analyzer, never a bid.
 */
public record PriceCap(Double fractionOfOnDemand, Long absoluteMicros) {

    private static final String NUM = "([0-9]+(?:\\.[0-9]+)?)";
    private static final String OD = "on[- ]?demand(?:[- ]price)?";
    private static final Pattern FRACTION_FIRST = Pattern.compile(NUM + "\\s*(?:x|×|\\*)\\s*" + OD);
    private static final Pattern FRACTION_LAST = Pattern.compile(OD + "\\s*(?:x|×|\\*)\\s*" + NUM);
    private static final Pattern PERCENT = Pattern.compile(NUM + "\\s*%\\s*(?:of\\s*)?" + OD);
    private static final Pattern DOLLARS = Pattern.compile("\\$\\s*" + NUM + "\\s*(?:/\\s*h(?:our|r)?)?");
    private static final Pattern USD = Pattern.compile(NUM + "\\s*usd\\s*(?:/\\s*h(?:our|r)?)?");

    public static Optional<PriceCap> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m;
        if ((m = FRACTION_FIRST.matcher(t)).matches() || (m = FRACTION_LAST.matcher(t)).matches()) {
            return Optional.of(new PriceCap(Double.parseDouble(m.group(1)), null));
        }
        if ((m = PERCENT.matcher(t)).matches()) {
            return Optional.of(new PriceCap(Double.parseDouble(m.group(1)) / 100.0, null));
        }
        if ((m = DOLLARS.matcher(t)).matches() || (m = USD.matcher(t)).matches()) {
            return Optional.of(new PriceCap(null, dollarsToMicros(m.group(1))));
        }
        return Optional.empty();
    }

    /** Micro-USD; an amount beyond a long saturates, so the rules refuse it as out of range instead of it overflowing. */
    static long dollarsToMicros(String dollars) {
        BigDecimal micros = new BigDecimal(dollars).movePointRight(6).setScale(0, RoundingMode.HALF_UP);
        return micros.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : micros.longValueExact();
    }

    /** "$0.12" or "0.12 USD" (per job) as micro-USD. */
    static Optional<Long> money(String text) {
        Matcher m = Pattern.compile("\\$\\s*" + NUM + "|" + NUM + "\\s*usd").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(dollarsToMicros(m.group(1) != null ? m.group(1) : m.group(2)));
    }
}
