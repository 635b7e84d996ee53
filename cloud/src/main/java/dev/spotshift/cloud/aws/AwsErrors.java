package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CloudException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps every SDK failure to the port's one {@link CloudException}, naming the call that failed. Calls go through
 * {@link AwsClients#call}, which puts the region's circuit breaker around this mapping.
 */
final class AwsErrors {

    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException", "SlowDown", "RequestThrottled", "RequestThrottledException");
    private static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "InsufficientCapacity",
            "InsufficientHostCapacity", "SpotMaxPriceTooLow", "MaxSpotInstanceCountExceeded",
            "InsufficientReservedInstanceCapacity");

    private AwsErrors() {
    }

    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw map(operation, e);
        }
    }

    static CloudException map(String operation, SdkException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new CloudException(operation, CloudException.Kind.UNAVAILABLE, operation + " timed out: "
                    + e.getMessage(), e);
        }
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String message = (code == null ? "HTTP " + service.statusCode() : code) + ": "
                    + (service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage());
            return new CloudException(operation, kind(code, service.statusCode(), service.isThrottlingException()),
                    message, e);
        }
        if (e instanceof SdkClientException) {
            return new CloudException(operation, CloudException.Kind.UNAVAILABLE, e.getMessage(), e);
        }
        return new CloudException(operation, CloudException.Kind.UNAVAILABLE, e.getMessage(), e);
    }

    private static CloudException.Kind kind(String code, int status, boolean throttling) {
        String c = code == null ? "" : code;
        if (throttling || THROTTLING.contains(c)) {
            return CloudException.Kind.THROTTLED;
        }
        if (CAPACITY.contains(c)) {
            return CloudException.Kind.INSUFFICIENT_CAPACITY;
        }
        if (c.contains("NotFound") || c.startsWith("NoSuch") || status == 404) {
            return CloudException.Kind.NOT_FOUND;
        }
        if (c.contains("AccessDenied") || c.startsWith("Unauthorized") || c.equals("Forbidden") || status == 403) {
            return CloudException.Kind.ACCESS_DENIED;
        }
        if (status >= 400 && status < 500) {
            return CloudException.Kind.INVALID_REQUEST;
        }
        return CloudException.Kind.UNAVAILABLE;
    }
}
