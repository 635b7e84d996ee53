package dev.spotshift.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrentLinkedQueue<Delivery> reports = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /** A sink that records what it was given and answers as {@code answer} says. */
    static final class Recording implements Sink {
        final SinkSpec spec;
        final ConcurrentLinkedQueue<Notification> got = new ConcurrentLinkedQueue<>();
        volatile Function<Notification, CompletableFuture<Void>> answer = n -> CompletableFuture.completedFuture(null);

        Recording(String name, Set<String> plans, Set<Notification.Kind> kinds) {
            spec = new SinkSpec(name, SinkSpec.Type.WEBHOOK, "https://x.test/" + name, Optional.of("s"), plans, kinds, 600);
        }

        @Override
        public SinkSpec spec() {
            return spec;
        }

        @Override
        public CompletableFuture<Void> send(Notification n) {
            got.add(n);
            return answer.apply(n);
        }
    }

    private Dispatcher dispatcher(Sink... sinks) {
        return new Dispatcher(List.of(sinks), new Backoff(Duration.ofMillis(20), Duration.ofMillis(80), 3),
                new SeenEvents(100), timer, Clock.systemUTC(), reports::add);
    }

    private static Notification rollback(String eventId, String planId) {
        return new Notification(eventId, planId, Notification.Kind.ROLLBACK, Instant.parse("2026-12-06T12:00:00Z"),
                "FULL rollback", Map.of("trigger", "ERROR_RATE"), new Notification.Origin(dev.spotshift.schemas.Topics.ROLLBACK_COMMANDS.name(), 0, 1));
    }

    @Test
    void theSameEventIsSentOncePerSinkHoweverOftenItIsRead() {
        // Given two sinks
        Recording a = new Recording("a", Set.of(), Set.of());
        Recording b = new Recording("b", Set.of(), Set.of());
        Dispatcher d = dispatcher(a, b);

        // When the same rollback is read three times (redelivery after a rebalance)
        for (int i = 0; i < 3; i++) {
            d.dispatch(rollback("e1", "p1"), Optional.empty()).join();
        }

        // Then each sink got it once, and the repeats are reported as duplicates
        assertThat(a.got).hasSize(1);
        assertThat(b.got).hasSize(1);
        assertThat(reports).filteredOn(r -> r instanceof Delivery.Duplicate).hasSize(4);
    }

    @Test
    void aSinkGetsOnlyThePlansAndKindsItIsRoutedTo() {
        // Given a sink for workload nightly-etl's rollbacks only
        Recording etl = new Recording("etl", Set.of("nightly-etl"), Set.of(Notification.Kind.ROLLBACK));
        Dispatcher d = dispatcher(etl);

        // When a rollback of that workload's plan, one of another plan, and a status of the first arrive
        d.dispatch(rollback("e1", "p1"), Optional.of("nightly-etl")).join();
        d.dispatch(rollback("e2", "p2"), Optional.of("reports")).join();
        d.dispatch(new Notification("e3", "p1", Notification.Kind.STATUS, Instant.EPOCH, "COMPLETED", Map.of(),
                new Notification.Origin(dev.spotshift.schemas.Topics.MIGRATION_STATUS.name(), 0, 2)), Optional.of("nightly-etl")).join();

        // Then only the first reached it
        assertThat(etl.got).extracting(Notification::eventId).containsExactly("e1");
    }

    @Test
    void aSinkThatIsDownIsRetriedWithoutHoldingBackAnotherSinkOrAnotherPlan() {
        // Given a sink that never answers for plan p1 yet (its future stays open) and answers for every other plan
        Recording slow = new Recording("slow", Set.of(), Set.of());
        CompletableFuture<Void> hanging = new CompletableFuture<>();
        slow.answer = n -> n.planId().equals("p1") ? hanging : CompletableFuture.completedFuture(null);
        Recording fine = new Recording("fine", Set.of(), Set.of());
        Dispatcher d = dispatcher(slow, fine);

        // When p1's rollback and then p2's arrive
        CompletableFuture<Void> first = d.dispatch(rollback("e1", "p1"), Optional.empty());
        CompletableFuture<Void> second = d.dispatch(rollback("e2", "p2"), Optional.empty());

        // Then p2's is delivered everywhere, and p1's reached the other sink, while p1's first is still out
        await().atMost(PATIENCE).until(second::isDone);
        assertThat(fine.got).extracting(Notification::eventId).containsExactlyInAnyOrder("e1", "e2");
        assertThat(first).isNotDone();

        // When the slow sink finally refuses, it is retried until it accepts
        slow.answer = n -> CompletableFuture.completedFuture(null);
        hanging.completeExceptionally(new IllegalStateException("HTTP 503"));
        await().atMost(PATIENCE).until(first::isDone);
        assertThat(slow.got).extracting(Notification::eventId).containsExactly("e1", "e2", "e1");
        assertThat(reports).filteredOn(r -> r instanceof Delivery.Retrying).hasSize(1);
        assertThat(reports).filteredOn(r -> r instanceof Delivery.Delivered && r.sink().equals("slow")).hasSize(2);
    }

    @Test
    void aDeliveryIsGivenUpAfterItsLastAttemptReportedAndCanBeSentAgainLater() {
        // Given a sink that always refuses
        Recording down = new Recording("down", Set.of(), Set.of());
        down.answer = n -> CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        Dispatcher d = dispatcher(down);

        // When a rollback is dispatched
        d.dispatch(rollback("e1", "p1"), Optional.empty()).join();

        // Then it was tried three times, then given up with the last answer
        assertThat(down.got).hasSize(3);
        assertThat(reports).filteredOn(r -> r instanceof Delivery.GivenUp).singleElement()
                .satisfies(r -> assertThat(((Delivery.GivenUp) r).lastError()).contains("connection refused"));

        // And once the sink is back, the re-driven record is sent
        down.answer = n -> CompletableFuture.completedFuture(null);
        d.dispatch(rollback("e1", "p1"), Optional.empty()).join();
        assertThat(down.got).hasSize(4);
    }

    @Test
    void aPlansNewsReachesASinkInTheOrderItHappened() {
        // Given a sink whose first answer comes late
        Recording sink = new Recording("s", Set.of(), Set.of());
        CompletableFuture<Void> late = new CompletableFuture<>();
        sink.answer = n -> n.eventId().equals("e1") ? late : CompletableFuture.completedFuture(null);
        Dispatcher d = dispatcher(sink);

        // When two notifications of one plan are dispatched
        d.dispatch(rollback("e1", "p1"), Optional.empty());
        CompletableFuture<Void> second = d.dispatch(rollback("e2", "p1"), Optional.empty());

        // Then the second waits for the first
        assertThat(sink.got).extracting(Notification::eventId).containsExactly("e1");
        assertThat(second).isNotDone();
        late.complete(null);
        await().atMost(PATIENCE).until(second::isDone);
        assertThat(sink.got).extracting(Notification::eventId).containsExactly("e1", "e2");
    }
}
