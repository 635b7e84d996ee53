package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.InterruptionNotice;
import dev.spotshift.cloud.NoticeBatch;
import dev.spotshift.cloud.NoticeKind;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(AwsNoticesTest.WithElasticMq.class)
class AwsNoticesTest {

    static final class WithElasticMq implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == ElasticMq.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return ElasticMq.in(c);
        }
    }

    private static final String WARNING = """
            {"version":"0","id":"%s","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
             "account":"123456789012","time":"2025-03-01T10:00:00Z","region":"us-east-1",
             "resources":["arn:aws:ec2:us-east-1a:instance/i-0abc"],
             "detail":{"instance-id":"i-0abc","instance-action":"terminate"}}""";

    private SqsClient sqs;
    private String queueUrl;
    private String deadLetterUrl;
    private AwsCloud cloud;

    @BeforeEach
    void givenAQueueWithADeadLetterQueue(ElasticMq mq) {
        sqs = SqsClient.builder().endpointOverride(mq.endpoint()).region(Emulated.region())
                .credentialsProvider(Emulated.credentials()).build();
        String name = "spot-notices-" + UUID.randomUUID().toString().substring(0, 8);
        deadLetterUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // Visibility 0 so an undeleted message is visible again at once; two receives and it moves to the DLQ.
        queueUrl = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "0",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}")))
                .queueUrl();
        Map<String, String> config = Emulated.config(URI.create("http://127.0.0.1:9"));
        config.put(CloudFactory.AWS_SQS_ENDPOINT_OVERRIDE, mq.endpoint().toString());
        config.put(CloudFactory.AWS_NOTICE_QUEUE_URL, queueUrl);
        cloud = Emulated.cloud(config);
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        cloud.close();
        sqs.close();
    }

    @Test
    void parsesAnInterruptionWarningAndDeletesItAfterHandOff() {
        // Given a warning on the queue
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(WARNING.formatted("evt-1")));
        // When it is received
        NoticeBatch batch = cloud.notices().receive(10, Duration.ofSeconds(1));
        // Then it comes out parsed with instance id and deadline
        assertThat(batch.malformed()).isEmpty();
        assertThat(batch.notices()).singleElement().satisfies(r -> assertThat(r.notice()).isEqualTo(
                new InterruptionNotice("evt-1", "i-0abc", NoticeKind.INTERRUPTION_WARNING, "us-east-1",
                        Instant.parse("2025-03-01T10:00:00Z"), Instant.parse("2025-03-01T10:02:00Z"), "terminate")));
        // And after delete it is gone for good
        cloud.notices().delete(batch.notices().get(0).receiptHandle());
        assertThat(approximateCount(queueUrl)).isZero();
    }

    @Test
    void reportsAMalformedMessageWithItsReasonAndLeavesItForTheDeadLetterQueue() {
        // Given a message that is not an EventBridge notice
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"detail-type\":\"EC2 Spot Instance Interruption Warning\"}"));
        // When the source receives it twice without deleting it (nothing else may delete it either)
        List<String> reasons = new ArrayList<>();
        for (int receive = 0; receive < 2; receive++) {
            NoticeBatch batch = cloud.notices().receive(10, Duration.ofSeconds(1));
            assertThat(batch.notices()).isEmpty();
            batch.malformed().forEach(m -> reasons.add(m.reason()));
        }
        // Then each receive reported why, and the queue's redrive moved it to the dead-letter queue, unread by no one
        assertThat(reasons).hasSize(2).allSatisfy(r -> assertThat(r).contains("'source'"));
        await("malformed message in the dead-letter queue").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    cloud.notices().receive(10, Duration.ZERO);
                    assertThat(approximateCount(deadLetterUrl)).isEqualTo(1);
                });
    }

    private int approximateCount(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
