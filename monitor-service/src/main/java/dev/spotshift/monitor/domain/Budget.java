package dev.spotshift.monitor.domain;

/**
 * A plan's spend cap in micro-USD (the plan rules refuse a cap in any currency the cost account is not kept in)
 * and the highest level already signalled, so each level is said once per plan: the warning is a review signal,
 * the cap an order to hold.
 *
 * @param maxPerHourMicros spend over the trailing hour; null: no hourly cap
 * @param maxTotalMicros   spend over the plan's life; null: no total cap
 * @param warnPercent      share of a cap at which the warning is raised
 */
public record Budget(Long maxPerHourMicros, Long maxTotalMicros, double warnPercent, Level signalled) {

    public enum Level { WITHIN, WARNING, CAPPED }

    public Budget {
        signalled = signalled == null ? Level.WITHIN : signalled;
    }

    public Budget signalledAt(Level level) {
        return new Budget(maxPerHourMicros, maxTotalMicros, warnPercent, level);
    }
}
