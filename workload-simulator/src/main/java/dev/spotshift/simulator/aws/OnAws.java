package dev.spotshift.simulator.aws;

import dev.spotshift.cloud.CheckpointStore;

/**
 * Where the simulated workload's outputs go when Spotshift runs on the AWS implementation: metrics into CloudWatch
 * (the cloud bridge turns them into MetricSamples) and checkpoints into the S3 bucket the executor verifies. Spot
 * interruption notices are not the workload's to send there: they come through the EventBridge rule's SQS queue.
 */
public record OnAws(CloudWatchWorkload metrics, CheckpointStore checkpoints) {
}
