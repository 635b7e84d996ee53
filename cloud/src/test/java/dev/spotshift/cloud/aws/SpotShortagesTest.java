package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;

/** The classification of a group's scaling activities, on the SDK's own model objects as AWS fills them. */
class SpotShortagesTest {

    private static final Instant CHANGE = Instant.parse("2026-12-07T07:00:00Z");
    private static final String NO_SPOT = "Could not launch Spot Instances. InsufficientInstanceCapacity - There is no "
            + "Spot capacity available that matches your request. Launching EC2 instance failed.";

    private static Activity launch(int secondsAfterChange, ScalingActivityStatusCode code, String message) {
        return Activity.builder().activityId("a-" + secondsAfterChange).autoScalingGroupName("asg")
                .description(code == ScalingActivityStatusCode.SUCCESSFUL
                        ? "Launching a new EC2 instance: i-0123456789abcdef0"
                        : "Launching a new EC2 instance.  Status Reason: " + message)
                .cause("At " + CHANGE + " a user request update of AutoScalingGroup constraints ...")
                .startTime(CHANGE.plusSeconds(secondsAfterChange)).statusCode(code).statusMessage(message).build();
    }

    @Test
    void aSpotLaunchThatFailedForCapacitySinceTheChangeIsAShortageNamingAwsMessage() {
        // Given a failed spot launch after the change, newest first as AWS lists them
        List<Activity> activities = List.of(launch(4, ScalingActivityStatusCode.FAILED, NO_SPOT),
                launch(-600, ScalingActivityStatusCode.SUCCESSFUL, null));

        // When classified, Then it is a shortage naming the group and AWS's reason
        assertThat(SpotShortages.classify("asg", activities, CHANGE)).hasValueSatisfying(m -> assertThat(m)
                .contains("group 'asg'", "1 failed launch", "InsufficientInstanceCapacity"));
        assertThat(SpotShortages.settled(activities, CHANGE)).isTrue();
    }

    @Test
    void aFailureBeforeTheChangeOrForAnotherReasonIsNoShortage() {
        // Given a capacity failure of an earlier step, and since the change a failure for a bad launch template
        List<Activity> activities = List.of(
                launch(3, ScalingActivityStatusCode.FAILED, "The requested configuration is currently not supported."),
                launch(-30, ScalingActivityStatusCode.FAILED, NO_SPOT));

        // Then no shortage: neither says spot capacity was missing after the change
        assertThat(SpotShortages.classify("asg", activities, CHANGE)).isEmpty();
    }

    @Test
    void anOnDemandCapacityFailureIsNoSpotShortage() {
        List<Activity> activities = List.of(launch(3, ScalingActivityStatusCode.FAILED, "We currently do not have "
                + "sufficient m5.large capacity in the Availability Zone you requested (us-east-1a). "
                + "InsufficientInstanceCapacity. Launching EC2 instance failed."));

        assertThat(SpotShortages.classify("asg", activities, CHANGE)).isEmpty();
    }

    @Test
    void aSpotLaunchThatSucceededAfterTheLastFailureEndsTheShortage() {
        // Given a failed spot launch, then a successful one (capacity came back within the step)
        List<Activity> activities = List.of(launch(40, ScalingActivityStatusCode.SUCCESSFUL, null),
                launch(5, ScalingActivityStatusCode.FAILED, "Could not launch Spot Instances. UnfulfillableCapacity - "
                        + "Unable to fulfill capacity due to your request configuration."));

        assertThat(SpotShortages.classify("asg", activities, CHANGE)).isEmpty();
    }

    @Test
    void aLaunchStillInProgressIsNotSettledAndNoShortageYet() {
        List<Activity> activities = List.of(launch(2, ScalingActivityStatusCode.WAITING_FOR_SPOT_INSTANCE_ID, null));

        assertThat(SpotShortages.settled(activities, CHANGE)).isFalse();
        assertThat(SpotShortages.classify("asg", activities, CHANGE)).isEmpty();
    }
}
