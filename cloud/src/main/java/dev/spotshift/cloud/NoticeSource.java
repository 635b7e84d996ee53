package dev.spotshift.cloud;

import java.time.Duration;

/** The EventBridge rule's SQS queue of spot interruption warnings and rebalance recommendations. */
public interface NoticeSource {

    /** Receives up to {@code maxMessages} (1..10), long-polling up to {@code wait} (0..20 s). Deletes nothing. */
    NoticeBatch receive(int maxMessages, Duration wait);

    /** Deletes a message after its notice was handed off (or a malformed one was recorded). */
    void delete(String receiptHandle);
}
