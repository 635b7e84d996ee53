package dev.spotshift.monitor.streams;

/**
 * @param producer               written into every envelope, e.g. monitor-service/0.1.0
 * @param gateCheckIntervalMillis how often due gates are looked for (wall-clock and stream time)
 * @param gateGraceMillis         how long after gateDueAt samples still in flight are waited for
 * @param statusIntervalMillis    how often a plan's status is published when only its savings changed
 *                                (stage, verdict and rollback changes are published at once)
 */
public record MonitorSettings(String producer, long gateCheckIntervalMillis, long gateGraceMillis,
                              long statusIntervalMillis) {

    /** {@code spotshift.monitor.status-interval}'s default. */
    public static final long DEFAULT_STATUS_INTERVAL_MILLIS = 1_000;

    public MonitorSettings {
        if (statusIntervalMillis <= 0) {
            throw new IllegalArgumentException("statusIntervalMillis must be positive: " + statusIntervalMillis);
        }
    }

    /** Savings-only status changes at most once a second per plan. */
    public MonitorSettings(String producer, long gateCheckIntervalMillis, long gateGraceMillis) {
        this(producer, gateCheckIntervalMillis, gateGraceMillis, DEFAULT_STATUS_INTERVAL_MILLIS);
    }
}
