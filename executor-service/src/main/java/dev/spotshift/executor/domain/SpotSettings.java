package dev.spotshift.executor.domain;

/**
 * Executor-wide knobs of the interruption path, storms and return to spot (the plan carries its criteria).
 *
 * @param noticeMarginMillis  how long before the notice deadline an unfinished interruption falls back to on-demand:
 *                            the on-demand launch itself needs time inside the notice
 * @param stormWindowMillis   the window per-pool interruptions are counted over
 * @param stormMinWarnings    fewer warnings than this in a pool are single interruptions, never a storm: with one
 *                            instance per pool any one warning would otherwise be a 100 % rate
 * @param marketCheckMillis   how often the market is re-read while a storm fallback holds the plan
 * @param enterBandPercent    hysteresis: the market counts as recovered only below this share of each criterion,
 *                            and as unhealthy again only above the criterion itself
 */
public record SpotSettings(long noticeMarginMillis, long stormWindowMillis, int stormMinWarnings,
                           long marketCheckMillis, double enterBandPercent) {

    public static SpotSettings defaults() {
        return new SpotSettings(30_000, 3_600_000, 2, 60_000, 80.0);
    }
}
