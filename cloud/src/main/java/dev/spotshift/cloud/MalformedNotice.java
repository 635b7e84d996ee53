package dev.spotshift.cloud;

/**
 * A message that is not a notice we understand. It stays on the queue (not deleted) so the queue's redrive policy
 * moves it to the dead-letter queue; the caller reports {@code reason} and may {@link NoticeSource#delete} it
 * once it has recorded it elsewhere.
 */
public record MalformedNotice(String messageId, String receiptHandle, String body, String reason) {
}
