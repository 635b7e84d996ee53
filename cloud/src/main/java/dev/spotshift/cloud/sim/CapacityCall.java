package dev.spotshift.cloud.sim;

import java.time.Instant;

/**
 * One call made to the simulated capacity manager, at simulated time {@code at}: benchmarks and tests read these
 * to see what the executor did and when. {@code target} is the group or instance id, {@code detail} the arguments.
 */
public record CapacityCall(Instant at, String operation, String region, String target, String detail) {
}
