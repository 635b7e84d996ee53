package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.SetGroupShare;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.executor.actuation.FaultyClouds;
import dev.spotshift.executor.domain.Input;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the executor learns that the primary has no spot capacity: the actuator's outcome names the cloud's kind of
 * failure, and the outcome comes in as a failed share change flagged as a shortage (what the failover acts on).
 */
class CapacityOutcomeMappingTest {

    private static final List<String> TYPES = List.of("m5.large", "m5a.large");
    private final SimulatedCloud account = new SimulatedCloud(3, new SimClock(Instant.parse("2026-03-01T02:00:00Z")));

    @AfterEach
    void close() {
        account.close();
    }

    private static CloudCommand share(String commandId, int spot) {
        return CloudCommand.newBuilder().setEnvelope(EventEnvelope.newBuilder().setEventId(commandId)
                        .setPlanId("plan-1").setOccurredAt(Instant.now()).setProducer("test").build())
                .setCommandId(commandId).setRegion("us-east-1").setDeploymentId("test").setDryRun(false)
                .setAction(new SetGroupShare("asg", spot, 0, SpotShare.CAPACITY_OPTIMIZED, TYPES, null, null, null, null))
                .build();
    }

    private Input.CloudCallFailed carriedOutWith(CloudException.Kind kind, String message) {
        account.capacity().createGroup("us-east-1", "asg", 1, 2, 1, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED,
                TYPES));
        CloudOutcome outcome = new CloudActions(FaultyClouds.failing(account, Set.of("setSpotShare"), kind, message), 2,
                "test").carryOut(share("cmd-1", 75));
        assertThat(outcome.getSucceeded()).isFalse();
        assertThat(outcome.getErrorKind()).isEqualTo(kind.name());
        Input in = CloudCommandMapping.toInput(outcome).orElseThrow();
        return (Input.CloudCallFailed) ((Input.CloudAnswered) in).answer();
    }

    @Test
    void aShareChangeWithNoSpotCapacityAnywhereComesInAsAShortage() {
        // When the cloud has no spot capacity for the share, through every retry
        Input.CloudCallFailed failed = carriedOutWith(CloudException.Kind.INSUFFICIENT_CAPACITY,
                "InsufficientInstanceCapacity: no spot capacity for [m5.large, m5a.large] in us-east-1");

        // Then the executor sees a failed 75 % share flagged as a shortage, with the cloud's words
        assertThat(failed.noSpotCapacity()).isTrue();
        assertThat(failed.targetPercent()).isEqualTo(75);
        assertThat(failed.commandId()).isEqualTo("cmd-1");
        assertThat(failed.error()).contains("InsufficientInstanceCapacity");
    }

    @Test
    void aShareTheCloudAcceptsButWhoseSpotLaunchesFailComesInAsAShortageCausedByItsOutcome() {
        // Given a group of 4 in a region that holds one spot instance (AWS accepts the change, its launches fail)
        account.capacity().createGroup("us-east-1", "asg", 1, 4, 4, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED,
                TYPES));
        account.spotShortage("us-east-1", null, 1, account.clock().instant(), account.clock().instant().plusSeconds(3600));
        CloudCommand half = CloudCommand.newBuilder(share("cmd-2", 50)).setEnvelope(EventEnvelope.newBuilder()
                .setEventId("cmd-2").setPlanId("plan-1").setOccurredAt(account.clock().instant()).setProducer("test")
                .build()).build();

        // When the actuator carries out the 50 % step with three attempts
        CloudOutcome outcome = new CloudActions(account, 3, "test").carryOut(half);

        // Then the change went out once, the launches' failure fails the step INSUFFICIENT_CAPACITY, and the executor
        // sees a shortage whose cause is this outcome
        assertThat(account.capacity().calls()).filteredOn(c -> c.operation().equals("autoscaling:UpdateAutoScalingGroup"))
                .hasSize(1);
        assertThat(outcome.getSucceeded()).isFalse();
        assertThat(outcome.getAttempts()).isEqualTo(3);
        assertThat(outcome.getErrorKind()).isEqualTo("INSUFFICIENT_CAPACITY");
        assertThat(outcome.getError()).contains("autoscaling:DescribeScalingActivities", "InsufficientInstanceCapacity");
        Input.CloudCallFailed failed = (Input.CloudCallFailed) ((Input.CloudAnswered) CloudCommandMapping
                .toInput(outcome).orElseThrow()).answer();
        assertThat(failed.noSpotCapacity()).isTrue();
        assertThat(failed.outcomeId()).isEqualTo(outcome.getEnvelope().getEventId());
    }

    @Test
    void aShareWithinTheRegionsSpotCapacityIsNoShortage() {
        account.capacity().createGroup("us-east-1", "asg", 1, 4, 4, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED,
                TYPES));
        account.spotShortage("us-east-1", null, 1, account.clock().instant(), account.clock().instant().plusSeconds(3600));
        CloudCommand quarter = CloudCommand.newBuilder(share("cmd-3", 25)).setEnvelope(EventEnvelope.newBuilder()
                .setEventId("cmd-3").setPlanId("plan-1").setOccurredAt(account.clock().instant()).setProducer("test")
                .build()).build();

        CloudOutcome outcome = new CloudActions(account, 3, "test").carryOut(quarter);

        assertThat(outcome.getSucceeded()).isTrue();
        assertThat(outcome.getAttempts()).isEqualTo(1);
    }

    @Test
    void aShareChangeFailingForAnotherReasonIsNoShortage() {
        // When the change is refused for want of permission
        Input.CloudCallFailed failed = carriedOutWith(CloudException.Kind.ACCESS_DENIED, "not authorized");

        // Then it is a failure, not a shortage
        assertThat(failed.noSpotCapacity()).isFalse();
        assertThat(failed.error()).contains("not authorized");
    }
}
