package dev.spotshift.monitor.streams;

/**
 * @param producer               written into every envelope, e.g. monitor-service/0.1.0
 * @param gateCheckIntervalMillis how often due gates are looked for (on wall-clock time)
 * @param gateGraceMillis         how long after gateDueAt samples still in flight are waited for
 * @param statusIntervalMillis    how often a plan's status is published when only its savings changed
 *                                (stage, verdict and rollback changes are published at once)
 * @param maxFutureSkewMillis     how far ahead of the wall clock a record may be dated; later ones are dead letters
 *                                ({@code spotshift.monitor.max-future-skew})
 */
public record MonitorSettings(String producer, long gateCheckIntervalMillis, long gateGraceMillis,
                              long statusIntervalMillis, long maxFutureSkewMillis) {

    /** {@code spotshift.monitor.status-interval}'s default. */
    public static final long DEFAULT_STATUS_INTERVAL_MILLIS = 1_000;
    /** {@code spotshift.monitor.max-future-skew}'s default: PT5M. */
    public static final long DEFAULT_MAX_FUTURE_SKEW_MILLIS = 300_000;

    public MonitorSettings {
        if (statusIntervalMillis <= 0) {
            throw new IllegalArgumentException("statusIntervalMillis must be positive: " + statusIntervalMillis);
        }
        if (maxFutureSkewMillis < 0) {
            throw new IllegalArgumentException("maxFutureSkewMillis must not be negative: " + maxFutureSkewMillis);
        }
    }

    public MonitorSettings(String producer, long gateCheckIntervalMillis, long gateGraceMillis, long statusIntervalMillis) {
        this(producer, gateCheckIntervalMillis, gateGraceMillis, statusIntervalMillis, DEFAULT_MAX_FUTURE_SKEW_MILLIS);
    }

    /** Savings-only status changes at most once a second per plan. */
    public MonitorSettings(String producer, long gateCheckIntervalMillis, long gateGraceMillis) {
        this(producer, gateCheckIntervalMillis, gateGraceMillis, DEFAULT_STATUS_INTERVAL_MILLIS);
    }
}
