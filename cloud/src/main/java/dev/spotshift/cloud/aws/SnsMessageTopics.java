package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.MessageTopics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * {@link MessageTopics} on SNS: one client per region (taken from the topic ARN), credentials from the default chain,
 * each call bounded by the timeout and behind its region's circuit breaker. The SDK's own retries stay short: the caller retries with its own backoff.
 */
public final class SnsMessageTopics implements MessageTopics {

    private final Optional<URI> endpointOverride;
    private final Duration timeout;
    private final Map<String, SnsClient> clients = new ConcurrentHashMap<>();
    /** A region whose SNS stops answering fails fast for a while instead of holding each sender for the timeout. */
    private final AwsBreakers breakers = new AwsBreakers(5, Duration.ofSeconds(30), Clock.systemUTC());

    public SnsMessageTopics(Optional<URI> endpointOverride, Duration timeout) {
        this.endpointOverride = endpointOverride;
        this.timeout = timeout;
    }

    /** The region field of an SNS topic ARN ({@code arn:aws:sns:REGION:ACCOUNT:NAME}). */
    public static String region(String topicArn) {
        String[] parts = topicArn.split(":");
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("sns") || parts[3].isBlank()) {
            throw new IllegalArgumentException("not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME): " + topicArn);
        }
        return parts[3];
    }

    @Override
    public String publish(String topicArn, String subject, String message, Map<String, String> attributes) {
        SnsClient client = clients.computeIfAbsent(region(topicArn), this::client);
        Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>();
        attributes.forEach((k, v) -> attrs.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        return breakers.call(region(topicArn), "sns:Publish", () -> client.publish(PublishRequest.builder().topicArn(topicArn)
                .subject(subject).message(message).messageAttributes(attrs).build()).messageId());
    }

    private SnsClient client(String region) {
        var b = SnsClient.builder().region(Region.of(region))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout.multipliedBy(2)).apiCallAttemptTimeout(timeout)
                        .retryStrategy(RetryMode.STANDARD).build());
        endpointOverride.ifPresent(b::endpointOverride);
        return b.build();
    }

    @Override
    public void close() {
        clients.values().forEach(SnsClient::close);
    }
}
