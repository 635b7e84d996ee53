package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.BreakerSnapshot;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients, one set per region (the plan's primary and backup regions are both used), sharing one Apache
 * HTTP client. Retries are the SDK's standard strategy: exponential backoff with jitter, throttling errors
 * (RequestLimitExceeded, Throttling) retried with their own longer backoff. Every call is bounded in time (one
 * attempt, and the whole call with its retries) and goes through {@link #call}, the one place that puts the
 * region's circuit breaker around it and maps its failures.
 */
final class AwsClients implements AutoCloseable {

    record Regional(Ec2Client ec2, AutoScalingClient autoScaling, CloudWatchClient cloudWatch, S3Client s3,
                    SqsClient sqs) {
    }

    private final AwsConfig config;
    private final SdkHttpClient http = ApacheHttpClient.builder().build();
    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private final Map<String, Regional> byRegion = new ConcurrentHashMap<>();
    private final ClientOverrideConfiguration overrides;
    private final AwsBreakers breakers;

    AwsClients(AwsConfig config, ClientOverrideConfiguration extra) {
        this.config = config;
        ClientOverrideConfiguration.Builder b = extra == null ? ClientOverrideConfiguration.builder() : extra.toBuilder();
        // Without these the SDK waits on a silent endpoint for as long as the socket allows, and a slow region
        // would hold the caller (and every plan behind it) far past any rollback deadline.
        this.overrides = b.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.maxAttempts()).build())
                .apiCallTimeout(config.apiCallTimeout())
                .apiCallAttemptTimeout(config.apiCallAttemptTimeout())
                .build();
        this.breakers = new AwsBreakers(config.breakerFailureThreshold(), config.breakerOpenFor(), Clock.systemUTC());
    }

    /** Runs one SDK call of {@code region} behind its breaker; SDK failures come out as {@code CloudException}. */
    <T> T call(String region, String operation, Supplier<T> call) {
        return breakers.call(region, operation, call);
    }

    void run(String region, String operation, Runnable call) {
        breakers.call(region, operation, () -> {
            call.run();
            return null;
        });
    }

    List<BreakerSnapshot> breakers() {
        return breakers.snapshot();
    }

    AwsConfig config() {
        return config;
    }

    Regional in(String region) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must be given");
        }
        return byRegion.computeIfAbsent(region, this::build);
    }

    /** The region used when a call names none (SQS notices, checkpoints): configuration, else the default chain. */
    String defaultRegion() {
        return config.region().orElseGet(() -> software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain
                .builder().build().getRegion().id());
    }

    private Regional build(String region) {
        Optional<URI> all = config.endpointOverride();
        Optional<URI> s3Endpoint = config.s3EndpointOverride().or(() -> all);
        S3Client s3 = configure(S3Client.builder(), region, s3Endpoint)
                // Emulators and custom endpoints cannot serve bucket names as host names.
                .forcePathStyle(s3Endpoint.isPresent())
                .build();
        return new Regional(
                configure(Ec2Client.builder(), region, all).build(),
                configure(AutoScalingClient.builder(), region, all).build(),
                configure(CloudWatchClient.builder(), region, all).build(),
                s3,
                configure(SqsClient.builder(), region, config.sqsEndpointOverride().or(() -> all)).build());
    }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
            B configure(B builder, String region, Optional<URI> endpoint) {
        builder.region(Region.of(region)).credentialsProvider(credentials).overrideConfiguration(overrides);
        builder.httpClient(http);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        for (Regional r : byRegion.values()) {
            r.ec2().close();
            r.autoScaling().close();
            r.cloudWatch().close();
            r.s3().close();
            r.sqs().close();
        }
        http.close();
        credentials.close();
    }
}
