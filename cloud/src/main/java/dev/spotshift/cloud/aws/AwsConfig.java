package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CloudFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS side's settings, read from flat configuration. No credentials here by design: the SDK's default
 * provider chain finds them (environment, profile, instance or pod role).
 */
public record AwsConfig(Optional<String> region, Optional<URI> endpointOverride, Optional<URI> s3EndpointOverride,
                        Optional<URI> sqsEndpointOverride, Optional<String> noticeQueueUrl, int maxAttempts,
                        Optional<String> imageId, Optional<String> launchTemplate, Optional<Path> advisorFile) {

    /** AMI for replacement launches when no launch template is configured. */
    public static final String IMAGE_ID = "spotshift.cloud.aws.image-id";
    /** Launch template (name) for replacement launches; preferred over an AMI. */
    public static final String LAUNCH_TEMPLATE = "spotshift.cloud.aws.launch-template";
    /** The Spot Instance Advisor's data file (its public JSON), the only source of interruption bands. */
    public static final String ADVISOR_FILE = "spotshift.cloud.aws.advisor-file";

    public AwsConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(CloudFactory.AWS_MAX_ATTEMPTS + " must be >= 1: " + maxAttempts);
        }
    }

    public static AwsConfig from(Map<String, String> c) {
        String attempts = c.getOrDefault(CloudFactory.AWS_MAX_ATTEMPTS, "5").trim();
        int maxAttempts;
        try {
            maxAttempts = Integer.parseInt(attempts);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CloudFactory.AWS_MAX_ATTEMPTS + " must be a number, not '" + attempts + "'");
        }
        return new AwsConfig(opt(c, CloudFactory.AWS_REGION), opt(c, CloudFactory.AWS_ENDPOINT_OVERRIDE).map(URI::create),
                opt(c, CloudFactory.AWS_S3_ENDPOINT_OVERRIDE).map(URI::create),
                opt(c, CloudFactory.AWS_SQS_ENDPOINT_OVERRIDE).map(URI::create),
                opt(c, CloudFactory.AWS_NOTICE_QUEUE_URL), maxAttempts, opt(c, IMAGE_ID), opt(c, LAUNCH_TEMPLATE),
                opt(c, ADVISOR_FILE).map(Path::of));
    }

    private static Optional<String> opt(Map<String, String> c, String key) {
        return Optional.ofNullable(c.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }
}
