package dev.spotshift.notifier.domain;

import java.util.concurrent.CompletableFuture;

/**
 * A destination. {@link #send} must not block its caller: it returns at once and completes when the destination
 * accepted the notification, exceptionally with what it answered otherwise. Each send is bounded in time.
 */
public interface Sink {

    SinkSpec spec();

    CompletableFuture<Void> send(Notification notification);
}
