package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.EventBridgeNotices;
import dev.spotshift.cloud.MalformedNotice;
import dev.spotshift.cloud.NoticeBatch;
import dev.spotshift.cloud.NoticeSource;
import dev.spotshift.cloud.ReceivedNotice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The EventBridge rule's SQS queue. Nothing is deleted on receive: a notice is deleted after hand-off, and a
 * malformed message stays until its receive count sends it to the queue's dead-letter queue (redrive policy), so
 * nothing is lost unread.
 */
final class AwsNotices implements NoticeSource {

    private final AwsClients clients;
    private final Optional<String> queueUrl;

    AwsNotices(AwsClients clients, Optional<String> queueUrl) {
        this.clients = clients;
        this.queueUrl = queueUrl;
    }

    @Override
    public NoticeBatch receive(int maxMessages, Duration wait) {
        String op = "sqs:ReceiveMessage";
        if (maxMessages < 1 || maxMessages > 10) {
            throw new CloudException(op, CloudException.Kind.INVALID_REQUEST, "maxMessages must be in 1..10: " + maxMessages);
        }
        int waitSeconds = (int) Math.min(20, Math.max(0, wait.getSeconds()));
        List<Message> messages = clients.call(clients.defaultRegion(), op, () -> sqs().receiveMessage(b -> b.queueUrl(url(op))
                .maxNumberOfMessages(maxMessages).waitTimeSeconds(waitSeconds)
                // A long poll waits on purpose: its attempt (and call) may take the wait on top of the usual bounds.
                .overrideConfiguration(o -> o
                        .apiCallAttemptTimeout(clients.config().apiCallAttemptTimeout().plusSeconds(waitSeconds))
                        .apiCallTimeout(clients.config().apiCallTimeout().plusSeconds(waitSeconds)))).messages());
        List<ReceivedNotice> notices = new ArrayList<>();
        List<MalformedNotice> malformed = new ArrayList<>();
        for (Message m : messages) {
            if (m.receiptHandle() == null) {
                throw CloudException.invalidAnswer(op, "messages(" + m.messageId() + ").receiptHandle", "is missing");
            }
            try {
                notices.add(new ReceivedNotice(EventBridgeNotices.parse(m.body()), m.receiptHandle(), m.messageId()));
            } catch (EventBridgeNotices.MalformedNoticeException e) {
                malformed.add(new MalformedNotice(m.messageId(), m.receiptHandle(), m.body(), e.getMessage()));
            }
        }
        return new NoticeBatch(notices, malformed);
    }

    @Override
    public void delete(String receiptHandle) {
        String op = "sqs:DeleteMessage";
        clients.run(clients.defaultRegion(), op, () -> sqs().deleteMessage(b -> b.queueUrl(url(op)).receiptHandle(receiptHandle)));
    }

    private String url(String op) {
        return queueUrl.orElseThrow(() -> new CloudException(op, CloudException.Kind.INVALID_REQUEST,
                "no notice queue configured (" + dev.spotshift.cloud.CloudFactory.AWS_NOTICE_QUEUE_URL + ")"));
    }

    private SqsClient sqs() {
        return clients.in(clients.defaultRegion()).sqs();
    }
}
