package dev.spotshift.executor.domain;

/**
 * The plan's autoscaling rules (seed 001: min/max capacity, scale out on CPU above a level for a while, scale in
 * below another): installed on the group with each step toward spot, taken off again by a full rollback.
 */
public record Scaling(int minSize, int maxSize, double scaleOutCpuPercent, long scaleOutAfterMillis,
                      double scaleInCpuPercent, long scaleInAfterMillis) {
}
