package dev.spotshift.executor.domain;

import java.util.List;

/** Everything that can move a plan. Inputs with an {@code eventId} are applied at most once per plan. */
public sealed interface Input {

    /** The id the plan remembers so a redelivery is ignored; null for inputs the executor made itself. */
    default String eventId() {
        return null;
    }

    record PlanApproved(String eventId, PlanSpec plan) implements Input {}

    /** The answer to {@link Command.RunPreflightProbes}, fed back by the adapter that ran the probes. */
    record ProbesCompleted(List<PreflightCheck> checks) implements Input {
        public ProbesCompleted {
            checks = List.copyOf(checks);
        }
    }

    /** Metric samples are not remembered by id: there are many, and exactly-once delivery keeps them single. */
    record MetricObserved(String sampleId, boolean shadow, int jobsCompleted, int jobsFailed, long meanJobMillis,
                          double cpuUtilisationPercent, long costMicros, long onDemandCostMicros, long intervalMillis,
                          int dataInconsistencies) implements Input {}

    record VerdictReceived(String eventId, int stepIndex, GateResult result, List<String> reasons) implements Input {
        public VerdictReceived {
            reasons = List.copyOf(reasons);
        }
    }

    /** The monitor's (or anyone's) order; applied once per {@code commandId} as well as per event id. */
    record RollbackOrdered(String eventId, String commandId, RollbackLevel level, RollbackTrigger trigger,
                           String reason) implements Input {}

    record OperatorActed(String eventId, OperatorAction action, Integer gateStepIndex, String operator,
                         String reason) implements Input {}

    record KillSwitchChanged(String eventId, boolean engaged, String operator, String reason) implements Input {}

    /** Wall-clock re-evaluation: fire the timers due by now. */
    record Tick() implements Input {}

    /** A capacity change still failed after retries; {@code targetPercent} is the share that was asked for. */
    record CloudCallFailed(int targetPercent, String error) implements Input {}
}
