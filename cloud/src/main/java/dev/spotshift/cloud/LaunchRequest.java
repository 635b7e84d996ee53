package dev.spotshift.cloud;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Launch one instance (a replacement): the first type that has capacity wins.
 * {@code availabilityZone} null lets the cloud choose. The ownership tag {@code spotshift:plan} = planId is
 * always added to {@code tags}.
 *
 * <p>{@code clientToken} makes the launch idempotent: the caller derives it from the command that asked for the
 * launch, so the same command replayed (after a crash, a lost answer) returns the instance launched the first time
 * instead of launching another. At most 64 printable ASCII characters without spaces (EC2 allows 64 ASCII). {@code deploymentId} (nullable) names the
 * Spotshift deployment that owns the instance ({@link CapacityManager#DEPLOYMENT_TAG}).
 */
public record LaunchRequest(String region, String availabilityZone, List<String> instanceTypes, Lifecycle lifecycle,
                            String planId, Map<String, String> tags, String clientToken, String deploymentId) {

    public static final int MAX_CLIENT_TOKEN_LENGTH = 64;

    public LaunchRequest {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(planId, "planId");
        instanceTypes = List.copyOf(instanceTypes);
        if (instanceTypes.isEmpty()) {
            throw new IllegalArgumentException("instanceTypes must not be empty");
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        checkClientToken(clientToken);
        if (deploymentId != null && deploymentId.isBlank()) {
            throw new IllegalArgumentException("deploymentId must be null or non-blank");
        }
    }

    private static void checkClientToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("clientToken must be given (derive it from the command id)");
        }
        if (token.length() > MAX_CLIENT_TOKEN_LENGTH) {
            throw new IllegalArgumentException("clientToken must be at most " + MAX_CLIENT_TOKEN_LENGTH
                    + " characters, has " + token.length());
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("clientToken must be printable ASCII without spaces: " + token);
        }
    }
}
