package dev.spotshift.executor.domain;

import java.util.Comparator;
import java.util.Optional;

/** Fires the earliest due timer; the wiring ticks again while {@link RolloutState#nextDueAt()} is due. */
final class Timers {

    private Timers() {}

    static Transition fireNext(Tx tx, Input.Tick tick) {
        Optional<Timer> due = tx.s.timers.stream().filter(t -> t.firesBy(tx.now, tick.gateDeadlinesNotBefore()))
                .min(Comparator.comparing(Timer::dueAt));
        if (due.isEmpty()) {
            return tx.ignore("no timer due");
        }
        Timer timer = due.get();
        tx.fired(timer);
        return switch (timer.kind()) {
            case MONITORING_DEADLINE -> Preflight.onMonitoringDeadline(tx, timer.causeId());
            case BASELINE_END -> Observation.onBaselineEnd(tx, timer.causeId());
            case SHADOW_END -> Observation.onShadowEnd(tx, timer.causeId());
            case GATE_DEADLINE -> Gates.onGateDeadline(tx, timer);
            case NEXT_STEP -> Gates.startStep(tx, timer.stepIndex(), timer.causeId());
            case VALIDATION_END -> Observation.onValidationDeadline(tx, timer.causeId());
            case NOTICE_DEADLINE -> Interruptions.onNoticeDeadline(tx, timer);
            case MARKET_CHECK -> Recovery.onMarketCheck(tx, timer);
            case CLOUD_RETRY -> Rollbacks.onRetry(tx, timer);
            case FAILOVER -> Failovers.onTimer(tx, timer);
            case STABILITY_DEADLINE -> RollbackProcedure.onStabilityDeadline(tx);
            case SHADOW_REMOVAL -> ShadowRemovals.onWatchEnded(tx, timer);
        };
    }
}
