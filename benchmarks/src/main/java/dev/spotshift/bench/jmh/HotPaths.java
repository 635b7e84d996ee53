package dev.spotshift.bench.jmh;

import dev.spotshift.executor.domain.GateResult;
import dev.spotshift.executor.domain.Input;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.PreflightCheck;
import dev.spotshift.executor.domain.RollbackLevel;
import dev.spotshift.executor.domain.RollbackTrigger;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.executor.domain.Transition;
import dev.spotshift.monitor.domain.BaselineFigures;
import dev.spotshift.monitor.domain.Limits;
import dev.spotshift.monitor.domain.PlanContext;
import dev.spotshift.monitor.domain.Sample;
import dev.spotshift.monitor.domain.SampleJudge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pure-Java steps on the reaction path, without Kafka: the monitor judging one sample against a minute of
 * the plan's samples (the demo's windows), and the executor's state machine taking a rollback order or a gate
 * verdict for a plan in its first step. Says how much of a reaction time is the domain's own work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPaths {

    private PlanContext plan;
    private List<Sample> lastMinute;
    private Sample healthy;
    private Sample failing;
    private RolloutMachine machine;
    private RolloutState shifting;
    private Instant now;

    @Setup
    public void setUp() {
        Limits limits = new Limits(0.01, 10_000, 20, true, true, 10.0, 15_000, 40.0, 60_000, 5.0, 0.0, 80.0);
        plan = PlanContext.unknown().approved(limits, new BaselineFigures(1_000, 0.0, 100, 50.0, true), 0);
        lastMinute = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lastMinute.add(sample("s" + i, 1_000L * (i + 1), 0));
        }
        healthy = sample("healthy", 61_000, 0);
        failing = sample("failing", 61_000, 2);

        machine = new RolloutMachine(Settings.defaults());
        now = Instant.parse("2025-01-01T00:00:00Z");
        PlanSpec spec = PlanSpec.builder().planId("plan-1").workload("nightly_etl_batch").mode(PlanSpec.Mode.LIVE)
                .region("us-east-1").groupName("etl-asg").stepsPercent(List.of(25, 50, 75, 100))
                .stepIntervalMillis(60_000).validationWindowMillis(30_000).validationPeriodMillis(120_000)
                .allocationStrategy("capacity-optimized").instanceTypes(List.of("m5.large", "m5a.large"))
                .fallbackInstanceType("m5.large").targetCapacity(1).checkpointLocation("s3://backup-bucket/spot-state/")
                .declaredBaseline(new dev.spotshift.executor.domain.BaselineFigures(600_000, 0.0, 40_000, 55.0, 6.0, 0, false))
                .build();
        Transition t = machine.apply(null, new Input.PlanApproved("decision-1", spec), now);
        t = machine.apply(t.state(), new Input.ProbesCompleted(List.of(
                PreflightCheck.passed(PreflightCheck.BACKUP_TARGET_WRITABLE, "ok"),
                PreflightCheck.passed(PreflightCheck.STATE_PERSISTENCE_READY, "ok"),
                PreflightCheck.passed(PreflightCheck.ON_DEMAND_CAPACITY_AVAILABLE, "ok"),
                PreflightCheck.passed(PreflightCheck.FAILBACK_READY, "ok"))), now);
        t = machine.apply(t.state(), new Input.MetricObserved("m-1", false, 10, 0, 600_000, 50.0, 100, 300, 1_000, 0),
                now);
        shifting = t.state();
        // measure the paths that do the work, not the ones that ignore the input
        if (!executorTakesAFullRollbackOrder().applied() || !executorTakesAPassingGateVerdict().applied()
                || monitorJudgesABreachingSample().commands().isEmpty()) {
            throw new IllegalStateException("a hot path under measure ignored its input; fix the setup");
        }
    }

    private static Sample sample(String id, long at, int failed) {
        return new Sample(id, at, 1_000, 10, failed, 1_000, 50.0, 825, 1_000, 25, 0);
    }

    @Benchmark
    public SampleJudge.Outcome monitorJudgesAHealthySampleAgainstAMinuteOfSamples() {
        return SampleJudge.judge("plan-1", plan, lastMinute, healthy);
    }

    @Benchmark
    public SampleJudge.Outcome monitorJudgesABreachingSample() {
        return SampleJudge.judge("plan-1", plan, lastMinute, failing);
    }

    @Benchmark
    public Transition executorTakesAFullRollbackOrder() {
        return machine.apply(shifting, new Input.RollbackOrdered("cmd-event", "cmd-1", RollbackLevel.FULL,
                RollbackTrigger.JOB_FAILURE, "bench"), now);
    }

    @Benchmark
    public Transition executorTakesAPassingGateVerdict() {
        return machine.apply(shifting, new Input.VerdictReceived("verdict-1", 0, GateResult.PASS, List.of()),
                now.plusSeconds(31));
    }
}
