package dev.spotshift.cloud;

/**
 * The one exception the port throws: which call failed ({@code operation}, e.g. "autoscaling:UpdateAutoScalingGroup"),
 * what kind of failure it was, and why.
 */
public class CloudException extends RuntimeException {

    public enum Kind {
        /** A name (region, instance type, group, bucket, object) the cloud does not know. */
        NOT_FOUND,
        /** The caller may not do this (IAM, bucket policy). */
        ACCESS_DENIED,
        /** Still throttled after the SDK's retries with backoff. */
        THROTTLED,
        /** No capacity for the request (InsufficientInstanceCapacity, simulated shortage). */
        INSUFFICIENT_CAPACITY,
        /** The cloud's answer broke its contract (missing field, negative price, unknown state). */
        INVALID_ANSWER,
        /** The request itself was rejected as invalid. */
        INVALID_REQUEST,
        /** Stored content no longer matches its checksum. */
        CORRUPT,
        /** Anything else: network, 5xx. */
        UNAVAILABLE
    }

    private final String operation;
    private final Kind kind;

    public CloudException(String operation, Kind kind, String message) {
        this(operation, kind, message, null);
    }

    public CloudException(String operation, Kind kind, String message, Throwable cause) {
        super(operation + " failed (" + kind + "): " + message, cause);
        this.operation = operation;
        this.kind = kind;
    }

    public String operation() {
        return operation;
    }

    public Kind kind() {
        return kind;
    }

    /** An answer from the cloud is outside input: name the field that broke the contract. */
    public static CloudException invalidAnswer(String operation, String field, String problem) {
        return new CloudException(operation, Kind.INVALID_ANSWER, "field '" + field + "' " + problem);
    }
}
