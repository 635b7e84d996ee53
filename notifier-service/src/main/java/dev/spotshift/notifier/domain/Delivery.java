package dev.spotshift.notifier.domain;

import java.time.Duration;
import java.time.Instant;

/** What happened to one notification at one sink, for the report (meters, log, and a dead letter when given up). */
public sealed interface Delivery {

    String sink();

    Notification notification();

    record Delivered(String sink, Notification notification, int attempts, Instant at) implements Delivery {}

    record Retrying(String sink, Notification notification, int attempt, String error, Duration delay) implements Delivery {}

    record GivenUp(String sink, Notification notification, int attempts, String lastError) implements Delivery {}

    record Duplicate(String sink, Notification notification) implements Delivery {}

    record Deferred(String sink, Notification notification, Duration delay) implements Delivery {}
}
