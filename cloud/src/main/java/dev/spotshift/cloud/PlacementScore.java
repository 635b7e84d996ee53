package dev.spotshift.cloud;

import java.util.Objects;

/**
 * A spot placement score from 1 (unlikely to succeed) to 10 (very likely).
 * {@code availabilityZone} is null when the score is for the whole region.
 */
public record PlacementScore(String region, String availabilityZone, int score) {
    public PlacementScore {
        Objects.requireNonNull(region, "region");
        if (score < 1 || score > 10) {
            throw new IllegalArgumentException("score must be in 1..10: " + score);
        }
    }
}
