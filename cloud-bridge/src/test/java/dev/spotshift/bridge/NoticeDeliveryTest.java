package dev.spotshift.bridge;
import dev.spotshift.bridge.config.BridgeConfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.bridge.domain.LivePlan;
import dev.spotshift.bridge.domain.Warning;
import dev.spotshift.cloud.EventBridgeNotices;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.InterruptionNotice;
import dev.spotshift.cloud.NoticeKind;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.DeadLetter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** At least once: a message leaves the queue only after the broker acknowledged what it became. */
class NoticeDeliveryTest {

    private static final String REGION = "us-east-1";
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final SimClock clock = new SimClock(START);
    private final SimulatedCloud sim = new SimulatedCloud(42, clock);
    private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry());
    private final PlanDirectory directory = new PlanDirectory("unused:9092", "http://unused", metrics, null);
    private final FakePublisher publisher = new FakePublisher(metrics);
    private final NoticeBridge bridge = new NoticeBridge(sim, directory, publisher, metrics, new TestConfig());
    private String instance;

    @BeforeEach
    void world() {
        sim.capacity().createGroup(REGION, "etl", 1, 2, 2,
                new SpotShare(0, 0, SpotShare.PRICE_CAPACITY_OPTIMIZED, List.of("m5.large")));
        directory.plans().approved(new LivePlan("p1", REGION, "etl", Set.of(), START, "d1", null));
        InstanceInfo first = sim.capacity().describeGroup(REGION, "etl").instances().get(0);
        instance = first.instanceId();
    }

    @Test
    void aWarningTheBrokerDidNotAcknowledgeComesBackAndIsBridgedWithTheSameSourceEventId() {
        // Given a warning on the queue, and a broker that does not answer
        sim.notices().send(EventBridgeNotices.toJson(warning("evt-1"), "123456789012"));
        publisher.down = true;

        // When the bridge handles it
        bridge.handle(sim.notices().receive(10, Duration.ZERO));

        // Then the message stays (hidden for the visibility timeout), and nothing counts as bridged
        assertThat(sim.notices().depth()).isEqualTo(1);
        assertThat(metrics.notices("bridged")).isZero();
        assertThat(sim.notices().receive(10, Duration.ZERO).isEmpty()).isTrue();

        // When the broker is back and the message is redelivered after the visibility timeout
        publisher.down = false;
        clock.advance(Duration.ofSeconds(31));
        bridge.handle(sim.notices().receive(10, Duration.ZERO));

        // Then it is published once, for p1, with EventBridge's id, and deleted
        assertThat(publisher.warnings).extracting(Warning::sourceEventId).containsExactly("evt-1");
        assertThat(publisher.warnings).extracting(Warning::planId).containsExactly("p1");
        assertThat(sim.notices().depth()).isZero();
        assertThat(metrics.notices("bridged")).isEqualTo(1);
    }

    @Test
    void aMalformedMessageIsDeletedOnlyOnceItsDeadLetterIsAcknowledged() {
        sim.notices().send("{\"detail-type\": \"something else\"}");
        publisher.down = true;

        bridge.handle(sim.notices().receive(10, Duration.ZERO));
        assertThat(sim.notices().depth()).isEqualTo(1);

        publisher.down = false;
        clock.advance(Duration.ofSeconds(31));
        bridge.handle(sim.notices().receive(10, Duration.ZERO));

        assertThat(publisher.deadLetters).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("detail-type"));
        assertThat(sim.notices().depth()).isZero();
        assertThat(metrics.notices("dead_lettered")).isEqualTo(1);
    }

    @Test
    void aNoticeForAnInstanceEc2DoesNotKnowIsUnownedAndTheOthersInItsBatchStillResolve() {
        sim.notices().send(EventBridgeNotices.toJson(new InterruptionNotice("evt-gone", "i-0000000000gone",
                NoticeKind.INTERRUPTION_WARNING, REGION, clock.instant(), clock.instant().plusSeconds(120),
                "terminate"), "123456789012"));
        sim.notices().send(EventBridgeNotices.toJson(warning("evt-2"), "123456789012"));

        bridge.handle(sim.notices().receive(10, Duration.ZERO));

        assertThat(publisher.warnings).extracting(Warning::sourceEventId).containsExactly("evt-2");
        assertThat(metrics.notices("unowned")).isEqualTo(1);
        assertThat(sim.notices().depth()).isZero();
    }

    private InterruptionNotice warning(String eventId) {
        return new InterruptionNotice(eventId, instance, NoticeKind.INTERRUPTION_WARNING, REGION, clock.instant(),
                clock.instant().plusSeconds(120), "terminate");
    }

    /** Records what would be published; while {@code down}, fails as an unacknowledged send does. */
    static final class FakePublisher extends Publisher {
        volatile boolean down;
        final List<Warning> warnings = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();

        FakePublisher(BridgeMetrics metrics) {
            super(null, null, null, new TestConfig(), metrics, "cloud-bridge", "test");
        }

        @Override
        dev.spotshift.events.SpotInterruptionWarning warning(LivePlan plan, Warning w) throws Exception {
            fail();
            warnings.add(w);
            return null;
        }

        @Override
        void deadLetter(String key, DeadLetter letter) throws Exception {
            fail();
            deadLetters.add(letter);
        }

        private void fail() throws java.util.concurrent.TimeoutException {
            if (down) {
                throw new java.util.concurrent.TimeoutException("no ack from the broker");
            }
        }
    }

    static final class TestConfig implements BridgeConfig {
        @Override
        public Notices notices() {
            return new Notices() {
                public boolean enabled() { return true; }
                public Duration receiveWait() { return Duration.ZERO; }
                public Duration idleBackoff() { return Duration.ofMillis(10); }
                public Duration maxBackoff() { return Duration.ofMillis(100); }
            };
        }

        @Override
        public Metrics metrics() {
            return new Metrics() {
                public boolean enabled() { return true; }
                public Duration interval() { return Duration.ofSeconds(60); }
                public Duration settle() { return Duration.ZERO; }
                public Duration checkEvery() { return Duration.ofSeconds(1); }
            };
        }

        @Override
        public String defaultRegion() { return REGION; }

        @Override
        public Duration publishTimeout() { return Duration.ofSeconds(1); }

        @Override
        public Duration kafkaStale() { return Duration.ofSeconds(30); }

        @Override
        public Duration livenessStall() { return Duration.ofMinutes(3); }
    }
}
