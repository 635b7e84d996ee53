package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.CapacityLifecycle;
import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Envelopes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RolloutEventMetersTest {

    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RolloutEventMeters meters = new RolloutEventMeters(registry);

    private static RolloutEvent event(Instant at, Object payload) {
        return RolloutEvent.newBuilder()
                .setEnvelope(Envelopes.next("plan-1", "executor-service/test", null, Clock.fixed(at, ZoneOffset.UTC)))
                .setSpotPercent(25).setStage(MigrationStage.SHIFTING).setPayload(payload).build();
    }

    @Test
    void aStepsDurationRunsFromItsStartToItsCompletion() {
        // Given step 1 started at T0
        meters.published(event(T0, RolloutStepStarted.newBuilder().setStepIndex(1).setStepCount(4)
                .setFromSpotPercent(25).setToSpotPercent(50).setStepsHash("h").setGateDueAt(T0.plusSeconds(60)).build()));

        // When it completes 90 s later
        meters.published(event(T0.plusSeconds(90), RolloutStepCompleted.newBuilder().setStepIndex(1).setSpotPercent(50)
                .setGateVerdictId("v").setApprovedBy(null).build()));

        // Then one step duration of 90 s is recorded, and both events are counted
        var timer = registry.get("spotshift.executor.step.duration").tag("step", "1").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(90.0);
        assertThat(registry.get("spotshift.events.out").tag("type", "RolloutStepStarted").counter().count()).isEqualTo(1.0);
    }

    @Test
    void anInterruptionIsTimedFromTheNoticeToTheReplacement() {
        // Given a checkpoint whose notice deadline says the warning came at T0
        meters.published(event(T0.plusSeconds(30), CheckpointWritten.newBuilder().setInstanceId("i-1")
                .setLocation("s3://b/p/").setSizeBytes(10).setSha256("abc").setNoticeDeadline(T0.plusSeconds(120)).build()));

        // When the replacement is launched 75 s after the notice
        meters.published(event(T0.plusSeconds(75), ReplacementLaunched.newBuilder().setInterruptedInstanceId("i-1")
                .setReplacementInstanceId("i-2").setInstanceType("m5.large").setAvailabilityZone("us-east-1a")
                .setLifecycle(CapacityLifecycle.SPOT).setStateValidated(true).setWithinNotice(true).setReason("ok").build()));

        // Then 75 s of interruption handling is recorded, within the notice
        var timer = registry.get("spotshift.executor.interruption.handling").tag("within_notice", "true").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(75.0);
    }
}
