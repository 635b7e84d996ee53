package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CloudFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS side's settings, read from flat configuration. No credentials here by design: the SDK's default
 * provider chain finds them (environment, profile, instance or pod role).
 */
public record AwsConfig(Optional<String> region, Optional<URI> endpointOverride, Optional<URI> s3EndpointOverride,
                        Optional<URI> sqsEndpointOverride, Optional<String> noticeQueueUrl, int maxAttempts,
                        Optional<String> imageId, Optional<String> launchTemplate, Optional<Path> advisorFile,
                        Duration apiCallTimeout, Duration apiCallAttemptTimeout, int breakerFailureThreshold,
                        Duration breakerOpenFor) {

    /** AMI for replacement launches when no launch template is configured. */
    public static final String IMAGE_ID = "spotshift.cloud.aws.image-id";
    /** Launch template (name) for replacement launches; preferred over an AMI. */
    public static final String LAUNCH_TEMPLATE = "spotshift.cloud.aws.launch-template";
    /** The Spot Instance Advisor's data file (its public JSON), the only source of interruption bands. */
    public static final String ADVISOR_FILE = "spotshift.cloud.aws.advisor-file";
    /** Longest one call may take, all retries and backoff included (ISO-8601, default PT20S). */
    public static final String API_CALL_TIMEOUT = "spotshift.cloud.aws.api-call-timeout";
    /** Longest one HTTP attempt of a call may take before the SDK retries it (ISO-8601, default PT5S). */
    public static final String API_CALL_ATTEMPT_TIMEOUT = "spotshift.cloud.aws.api-call-attempt-timeout";
    /** Consecutive UNAVAILABLE/THROTTLED/timed-out calls of one region and operation that open its breaker (default 5). */
    public static final String BREAKER_FAILURE_THRESHOLD = "spotshift.cloud.aws.breaker.failure-threshold";
    /** How long an open breaker fails calls fast before it lets one trial call through (ISO-8601, default PT30S). */
    public static final String BREAKER_OPEN_FOR = "spotshift.cloud.aws.breaker.open-for";

    public AwsConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(CloudFactory.AWS_MAX_ATTEMPTS + " must be >= 1: " + maxAttempts);
        }
        positive(API_CALL_TIMEOUT, apiCallTimeout);
        positive(API_CALL_ATTEMPT_TIMEOUT, apiCallAttemptTimeout);
        positive(BREAKER_OPEN_FOR, breakerOpenFor);
        if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
            throw new IllegalArgumentException(API_CALL_ATTEMPT_TIMEOUT + " (" + apiCallAttemptTimeout
                    + ") must not exceed " + API_CALL_TIMEOUT + " (" + apiCallTimeout + ")");
        }
        if (breakerFailureThreshold < 1) {
            throw new IllegalArgumentException(BREAKER_FAILURE_THRESHOLD + " must be >= 1: " + breakerFailureThreshold);
        }
    }

    public static AwsConfig from(Map<String, String> c) {
        return new AwsConfig(opt(c, CloudFactory.AWS_REGION), opt(c, CloudFactory.AWS_ENDPOINT_OVERRIDE).map(URI::create),
                opt(c, CloudFactory.AWS_S3_ENDPOINT_OVERRIDE).map(URI::create),
                opt(c, CloudFactory.AWS_SQS_ENDPOINT_OVERRIDE).map(URI::create),
                opt(c, CloudFactory.AWS_NOTICE_QUEUE_URL), number(c, CloudFactory.AWS_MAX_ATTEMPTS, 5),
                opt(c, IMAGE_ID), opt(c, LAUNCH_TEMPLATE), opt(c, ADVISOR_FILE).map(Path::of),
                duration(c, API_CALL_TIMEOUT, Duration.ofSeconds(20)),
                duration(c, API_CALL_ATTEMPT_TIMEOUT, Duration.ofSeconds(5)),
                number(c, BREAKER_FAILURE_THRESHOLD, 5), duration(c, BREAKER_OPEN_FOR, Duration.ofSeconds(30)));
    }

    private static int number(Map<String, String> c, String key, int fallback) {
        String value = opt(c, key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
    }

    private static Duration duration(Map<String, String> c, String key, Duration fallback) {
        String value = opt(c, key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration (PT20S), not '" + value + "'");
        }
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration: " + d);
        }
    }

    private static Optional<String> opt(Map<String, String> c, String key) {
        return Optional.ofNullable(c.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }
}
