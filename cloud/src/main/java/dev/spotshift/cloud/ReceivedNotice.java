package dev.spotshift.cloud;

/** A notice taken from the queue, with the handle to delete it once handed off. */
public record ReceivedNotice(InterruptionNotice notice, String receiptHandle, String messageId) {
}
