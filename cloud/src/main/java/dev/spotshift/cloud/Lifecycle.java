package dev.spotshift.cloud;

/** How an instance is bought. */
public enum Lifecycle {
    SPOT,
    ON_DEMAND
}
