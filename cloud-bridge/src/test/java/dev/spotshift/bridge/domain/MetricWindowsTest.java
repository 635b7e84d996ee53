package dev.spotshift.bridge.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.bridge.domain.MetricWindows.Window;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricWindowsTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:03:30Z");

    @Test
    void theDueIntervalIsTheLatestAlignedOneThatEndedAtLeastSettleAgo() {
        MetricWindows windows = new MetricWindows(Duration.ofSeconds(60), Duration.ofSeconds(60));

        assertThat(windows.due("p1", NOW)).contains(new Window(Instant.parse("2025-03-01T10:01:00Z"),
                Instant.parse("2025-03-01T10:02:00Z")));
    }

    @Test
    void anIntervalIsSampledOnceAndTheNextOneWhenItEnds() {
        MetricWindows windows = new MetricWindows(Duration.ofSeconds(60), Duration.ZERO);
        Window first = windows.due("p1", NOW).orElseThrow();

        windows.done("p1", first);

        assertThat(windows.due("p1", NOW.plusSeconds(20))).isEmpty();
        assertThat(windows.due("p2", NOW)).contains(first);
        assertThat(windows.due("p1", NOW.plusSeconds(30))).map(Window::from).contains(first.to());
    }

    @Test
    void aFailedIntervalIsTriedAgainUntilItIsDone() {
        MetricWindows windows = new MetricWindows(Duration.ofSeconds(60), Duration.ZERO);
        Window first = windows.due("p1", NOW).orElseThrow();

        assertThat(windows.due("p1", NOW.plusSeconds(5))).contains(first);
    }

    @Test
    void aForgottenPlanStartsAfresh() {
        MetricWindows windows = new MetricWindows(Duration.ofSeconds(60), Duration.ZERO);
        Window first = windows.due("p1", NOW).orElseThrow();
        windows.done("p1", first);

        windows.forget("p1");

        assertThat(windows.due("p1", NOW)).contains(first);
    }

    @Test
    void intervalsUnderASecondAreRefused() {
        assertThatThrownBy(() -> new MetricWindows(Duration.ofMillis(500), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
