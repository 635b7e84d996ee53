package dev.spotshift.cloud;

import java.time.Duration;
import java.util.Objects;

/** Group size bounds plus CPU step rules: add one instance above the scale-out CPU, remove one below the scale-in CPU. */
public record ScalingRules(int minSize, int maxSize, double scaleOutCpuPercent, Duration scaleOutAfter,
                           double scaleInCpuPercent, Duration scaleInAfter) {
    public ScalingRules {
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("need 0 <= minSize <= maxSize: " + minSize + ".." + maxSize);
        }
        if (scaleInCpuPercent >= scaleOutCpuPercent) {
            throw new IllegalArgumentException("scaleInCpuPercent must be below scaleOutCpuPercent");
        }
        Objects.requireNonNull(scaleOutAfter, "scaleOutAfter");
        Objects.requireNonNull(scaleInAfter, "scaleInAfter");
        if (scaleOutAfter.toMinutes() < 1 || scaleInAfter.toMinutes() < 1) {
            throw new IllegalArgumentException("rule windows must be at least one minute (CloudWatch period)");
        }
    }

    /** Seed 001: min 1, max 2, scale out on CPU > 75 % for 10 min, scale in on CPU < 30 % for 20 min. */
    public static ScalingRules seed001() {
        return new ScalingRules(1, 2, 75.0, Duration.ofMinutes(10), 30.0, Duration.ofMinutes(20));
    }
}
