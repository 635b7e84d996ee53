package dev.spotshift.cloud;

/** The two EventBridge notices an interruption-tolerant workload reacts to. */
public enum NoticeKind {
    /** "EC2 Spot Instance Interruption Warning": the instance is stopped/terminated two minutes later. */
    INTERRUPTION_WARNING,
    /** "EC2 Instance Rebalance Recommendation": elevated risk, no fixed deadline. */
    REBALANCE_RECOMMENDATION
}
