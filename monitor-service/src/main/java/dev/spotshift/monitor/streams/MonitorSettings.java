package dev.spotshift.monitor.streams;

/**
 * @param producer               written into every envelope, e.g. monitor-service/0.1.0
 * @param gateCheckIntervalMillis how often due gates are looked for (wall-clock and stream time)
 * @param gateGraceMillis         how long after gateDueAt samples still in flight are waited for
 */
public record MonitorSettings(String producer, long gateCheckIntervalMillis, long gateGraceMillis) {
}
