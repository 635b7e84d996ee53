package dev.spotshift.cloud.aws;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;

/**
 * Reads a group's scaling activities for spot launches that failed for want of capacity. Auto Scaling writes them as
 * a launch activity with StatusCode Failed and a StatusMessage such as "Could not launch Spot Instances.
 * InsufficientInstanceCapacity - There is no Spot capacity available that matches your request."
 */
final class SpotShortages {

    static final String OPERATION = "autoscaling:DescribeScalingActivities";
    /** What Auto Scaling's message names when spot capacity, not the request, was missing (matched without case). */
    private static final List<String> NO_CAPACITY = List.of("insufficientinstancecapacity", "insufficientcapacity",
            "no spot capacity", "unfulfillablecapacity");

    private SpotShortages() {
    }

    /**
     * The shortage, if the latest spot launch since {@code since} that failed for capacity was not followed by a
     * launch that succeeded: the group is still short of the spot share it was given.
     */
    static Optional<String> classify(String groupName, List<Activity> activities, Instant since) {
        List<Activity> launches = launchesSince(activities, since);
        Optional<Activity> lastFailure = launches.stream().filter(SpotShortages::noSpotCapacity)
                .max(Comparator.comparing(Activity::startTime));
        if (lastFailure.isEmpty()) {
            return Optional.empty();
        }
        Instant failedAt = lastFailure.get().startTime();
        boolean launchedSince = launches.stream().anyMatch(a -> a.statusCode() == ScalingActivityStatusCode.SUCCESSFUL
                && a.startTime().isAfter(failedAt));
        if (launchedSince) {
            return Optional.empty();
        }
        long failed = launches.stream().filter(SpotShortages::noSpotCapacity).count();
        return Optional.of("Auto Scaling could not launch spot instances in group '" + groupName + "' since " + since
                + " (" + failed + " failed launch" + (failed == 1 ? "" : "es") + ", the last at " + failedAt + "): "
                + text(lastFailure.get()));
    }

    /** Whether a launch started since {@code since} has ended (either way): no need to read again. */
    static boolean settled(List<Activity> activities, Instant since) {
        return launchesSince(activities, since).stream().anyMatch(a -> a.statusCode() == ScalingActivityStatusCode.SUCCESSFUL
                || a.statusCode() == ScalingActivityStatusCode.FAILED
                || a.statusCode() == ScalingActivityStatusCode.CANCELLED);
    }

    private static List<Activity> launchesSince(List<Activity> activities, Instant since) {
        return activities.stream().filter(a -> a.startTime() != null && !a.startTime().isBefore(since))
                .filter(a -> a.description() != null && a.description().toLowerCase(Locale.ROOT).startsWith("launching"))
                .toList();
    }

    private static boolean noSpotCapacity(Activity a) {
        if (a.statusCode() != ScalingActivityStatusCode.FAILED) {
            return false;
        }
        String t = text(a).toLowerCase(Locale.ROOT);
        return t.contains("spot") && NO_CAPACITY.stream().anyMatch(t::contains);
    }

    private static String text(Activity a) {
        return a.statusMessage() != null && !a.statusMessage().isBlank() ? a.statusMessage()
                : String.valueOf(a.description());
    }
}
