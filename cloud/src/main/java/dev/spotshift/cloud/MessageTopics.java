package dev.spotshift.cloud;

import java.util.Map;

/**
 * Publishing a message to a notification topic (SNS on AWS). A port like the others, so the services that tell
 * people things keep the AWS SDK inside this module.
 */
public interface MessageTopics extends AutoCloseable {

    /**
     * Publishes once (the caller owns retries and their backoff); blocks until the topic answers.
     *
     * @param topicArn   the topic; its region is the ARN's fourth field
     * @param subject    at most 100 printable ASCII characters (SNS's rule)
     * @param attributes string attributes a subscription may filter on
     * @return the message id the topic gave
     * @throws CloudException when the topic refuses it or does not answer in time
     */
    String publish(String topicArn, String subject, String message, Map<String, String> attributes);

    @Override
    void close();
}
