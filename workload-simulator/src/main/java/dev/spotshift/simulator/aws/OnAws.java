package dev.spotshift.simulator.aws;

import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.ShadowMismatchLog;
import dev.spotshift.simulator.domain.Tick;
import java.net.URI;
import java.time.Instant;

/**
 * Where the simulated workload's outputs go when Spotshift runs on the AWS implementation: metrics into CloudWatch
 * (the cloud bridge turns them into MetricSamples) and checkpoints into the S3 bucket the executor verifies. Spot
 * interruption notices are not the workload's to send there: they come through the EventBridge rule's SQS queue.
 */
public record OnAws(CloudWatchWorkload metrics, CheckpointStore checkpoints) {

    /**
     * One interval of the shadow run as a real workload reports it on AWS: the jobs whose outputs differed, with both
     * checksums, as records in the plan's checkpoint location ({@link ShadowMismatchLog}; none when
     * {@code checkpointLocation} is null), then the figures into CloudWatch, all stamped {@code at}. Records first:
     * once the bridge sees a mismatch counted, its names are already there.
     */
    public void putShadow(String groupName, URI checkpointLocation, Tick.Shadow shadow, Instant at) {
        if (checkpointLocation != null) {
            ShadowMismatchLog.write(checkpoints, checkpointLocation, groupName, at, shadow.mismatches().stream()
                    .map(x -> new ShadowMismatchLog.Mismatch(x.jobId(), x.onDemandChecksum(), x.spotChecksum()))
                    .toList());
        }
        metrics.putShadow(groupName, shadow, at);
    }
}
