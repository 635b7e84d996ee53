package dev.spotshift.executor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pre-flight (seed 000): the cloud probes run once through {@link Command.RunPreflightProbes}; "monitoring active"
 * is the domain's own check (a metric sample of the plan seen), waited for up to {@code monitoringWaitMillis}.
 * Any failed check ends the plan PREFLIGHT_FAILED before any capacity change.
 */
final class Preflight {

    private Preflight() {}

    static Transition start(Tx tx, String decisionId) {
        List<String> problems = tx.plan().problems();
        if (!problems.isEmpty()) {
            return fail(tx, List.of(PreflightCheck.failed(PreflightCheck.ROLLOUT_PLAN_VALID, String.join("; ", problems))),
                    decisionId);
        }
        return begin(tx, decisionId);
    }

    /** (Re)runs the checks: on a new plan and on a resume of a plan paused in pre-flight. */
    static Transition begin(Tx tx, String cause) {
        tx.enter(Stage.PREFLIGHT);
        tx.preflightRestarted();
        tx.clearTimers();
        tx.schedule(Timer.Kind.MONITORING_DEADLINE, tx.now.plusMillis(tx.settings.monitoringWaitMillis()), cause, -1);
        tx.command(new Command.RunPreflightProbes(tx.cloudId(), tx.plan()));
        return tx.done();
    }

    static Transition onProbes(Tx tx, Input.ProbesCompleted probes) {
        if (tx.s.stage != Stage.PREFLIGHT || tx.s.preflight != null) {
            return tx.ignore("probe results while " + tx.s.stage);
        }
        tx.probesAnswered(probes.checks(), probes.groupBefore());
        return evaluate(tx, tx.s.decisionEventId);
    }

    static Transition onMetric(Tx tx, String sampleId) {
        if (tx.s.monitoringSeen) {
            return tx.done();
        }
        tx.monitoringSeen();
        return evaluate(tx, sampleId);
    }

    static Transition onMonitoringDeadline(Tx tx, String cause) {
        if (tx.s.stage != Stage.PREFLIGHT) {
            return tx.done();
        }
        return fail(tx, checksWithMonitoring(tx), cause);
    }

    private static Transition evaluate(Tx tx, String cause) {
        if (tx.s.preflight == null) {
            return tx.done();
        }
        if (tx.s.preflight.stream().anyMatch(c -> !c.passed())) {
            return fail(tx, checksWithMonitoring(tx), cause);
        }
        if (!tx.s.monitoringSeen) {
            return tx.done(); // the deadline timer decides if no sample ever comes
        }
        tx.clearTimers();
        tx.enter(Stage.BASELINE);
        String id = tx.publish(cause, new Payload.PreflightCompleted(true, checksWithMonitoring(tx)));
        return Observation.startBaseline(tx, id);
    }

    private static List<PreflightCheck> checksWithMonitoring(Tx tx) {
        List<PreflightCheck> checks = new ArrayList<>(tx.s.preflight == null ? List.of() : tx.s.preflight);
        checks.add(tx.s.monitoringSeen
                ? PreflightCheck.passed(PreflightCheck.MONITORING_ACTIVE, "metric samples of the workload are arriving")
                : PreflightCheck.failed(PreflightCheck.MONITORING_ACTIVE, "no metric sample of the workload within "
                        + tx.settings.monitoringWaitMillis() + " ms"));
        return checks;
    }

    private static Transition fail(Tx tx, List<PreflightCheck> checks, String cause) {
        tx.clearTimers();
        tx.enter(Stage.PREFLIGHT_FAILED);
        String id = tx.publish(cause, new Payload.PreflightCompleted(false, checks));
        String reasons = checks.stream().filter(c -> !c.passed()).map(c -> c.check() + ": " + c.detail())
                .collect(Collectors.joining("; "));
        tx.publish(id, new Payload.Finished(Stage.PREFLIGHT_FAILED, reasons, 0.0));
        return tx.done();
    }
}
