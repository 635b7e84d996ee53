package dev.spotshift.audit;

/**
 * Every kind of event a plan's history can hold; the union payloads of RolloutEvent and
 * AssessmentEvent are kinds of their own because the audit rules tell them apart.
 */
public enum EventType {
    MIGRATION_PLAN_SUBMITTED("MigrationPlanSubmitted", Origin.SUBMISSION, false),
    OPPORTUNITY_ASSESSED("OpportunityAssessed", Origin.ANSWER, false),
    PLAN_REJECTED("PlanRejected", Origin.ANSWER, false),
    AGENT_VOTE("AgentVote", Origin.ANSWER, false),
    MIGRATION_DECISION("MigrationDecision", Origin.ANSWER, false),
    PREFLIGHT_COMPLETED("PreflightCompleted", Origin.ANSWER, false),
    BASELINE_CAPTURED("BaselineCaptured", Origin.ANSWER, false),
    SHADOW_RUN_COMPLETED("ShadowRunCompleted", Origin.ANSWER, false),
    ROLLOUT_STEP_STARTED("RolloutStepStarted", Origin.ANSWER, true),
    ROLLOUT_STEP_COMPLETED("RolloutStepCompleted", Origin.ANSWER, false),
    ROLLOUT_PAUSED("RolloutPaused", Origin.ANSWER, false),
    ROLLOUT_RESUMED("RolloutResumed", Origin.ANSWER, false),
    ROLLED_BACK("RolledBack", Origin.ANSWER, true),
    CHECKPOINT_WRITTEN("CheckpointWritten", Origin.ANSWER, false),
    REPLACEMENT_LAUNCHED("ReplacementLaunched", Origin.ANSWER, true),
    MIGRATION_FINISHED("MigrationFinished", Origin.ANSWER, false),
    /** The last step passed: the monitor owes a verdict on the success criteria over the period it announces. */
    VALIDATION_PERIOD_STARTED("ValidationPeriodStarted", Origin.ANSWER, false),
    /** A cloud action failed; the executor says so and, on the way back to on-demand, retries. */
    CLOUD_ACTION_FAILED("CloudActionFailed", Origin.ANSWER, false),
    /**
     * The reaper found capacity tagged by this deployment whose plan is finished or unknown, and terminated it
     * (or only reported it). Observed in the account rather than decided for the plan, so it needs no cause and
     * no approval: it is how money that leaked is stopped.
     */
    CAPACITY_REAPED("SpotCapacityReaped", Origin.OUTSIDE, false),
    /**
     * The actuator's census saw an instance tagged for the plan running: the reaper's observation, which the
     * executor judges (a CloudOutcome answering no command).
     */
    CAPACITY_SEEN("OwnedCapacitySeen", Origin.OUTSIDE, false),
    /**
     * The executor ordered an orphan terminated (a CloudCommand): it stands on the sighting it answers, not on an
     * approval, since a plan that ended or was never known has none to give.
     */
    REAP_ORDERED("TerminateInstance", Origin.ANSWER, false),
    /** What the actuator's termination gave (a CloudOutcome). */
    REAP_ANSWERED("InstanceTerminated", Origin.ANSWER, false),
    /** What the executor asked the actuator to do on the cloud: a cloud action, so it must stand on an approval. */
    CLOUD_COMMAND("CloudCommand", Origin.ANSWER, true),
    /** What carrying out a cloud command gave. */
    CLOUD_OUTCOME("CloudOutcome", Origin.ANSWER, false),
    ROLLBACK_COMMAND("RollbackCommand", Origin.ANSWER, false),
    GATE_VERDICT("GateVerdict", Origin.ANSWER, false),
    /** An alert-and-review rule raised or cleared: for people, it answers the sample that completed its window. */
    REVIEW_SIGNAL("ReviewSignal", Origin.ANSWER, false),
    WORKLOAD_COMMAND("WorkloadCommand", Origin.ANSWER, false),
    WORKLOAD_REPORT("WorkloadReport", Origin.ANSWER, false),
    METRIC_SAMPLE("MetricSample", Origin.OUTSIDE, false),
    SPOT_INTERRUPTION_WARNING("SpotInterruptionWarning", Origin.OUTSIDE, false),
    /** The CLI sends operator commands with no cause: a person is the cause. */
    OPERATOR_COMMAND("OperatorCommand", Origin.OUTSIDE, false),
    /** Global (not keyed by plan); read only when a plan's event names one as its cause. */
    KILL_SWITCH("KillSwitch", Origin.OUTSIDE, false),
    UNKNOWN("Unknown", Origin.ANSWER, false);

    /** Where an event's reason to exist comes from. */
    public enum Origin {
        /** Starts a plan; has no cause. */
        SUBMISSION,
        /** Observed outside Spotshift (the workload, EC2, a person); may have no cause. */
        OUTSIDE,
        /** Answers another event of the plan; must name it. */
        ANSWER
    }

    private final String eventName;
    private final Origin origin;
    private final boolean cloudAction;

    EventType(String eventName, Origin origin, boolean cloudAction) {
        this.eventName = eventName;
        this.origin = origin;
        this.cloudAction = cloudAction;
    }

    /** The contract's record name, as people read it in the timeline. */
    public String eventName() { return eventName; }

    public Origin origin() { return origin; }

    public boolean causeRequired() { return origin == Origin.ANSWER; }

    /** The reaper's records: a plan whose history holds only these is an orphan's tag, not a plan. */
    public boolean reaper() {
        return this == CAPACITY_REAPED || this == CAPACITY_SEEN || this == REAP_ORDERED || this == REAP_ANSWERED;
    }

    /** Changes capacity in the cloud, so an approved decision must stand behind it. */
    public boolean cloudAction() { return cloudAction; }
}
