package dev.spotshift.monitor.domain;

import static dev.spotshift.monitor.domain.Samples.BASELINE;
import static dev.spotshift.monitor.domain.Samples.shortWindows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.GateJudgement.Result;
import org.junit.jupiter.api.Test;

/** Seed 000's shadow criteria over the sums of a whole shadow run, as its gate kept them. */
class ShadowPhaseRulesTest {

    private static final long START = 1_700_000_000_000L;
    private static final long END = START + 60_000;

    @Test
    void givenARunAtExactlyTheBaselinePlusFivePercentWhenJudgedThenEveryCriterionHoldsAndItPasses() {
        // Given a run whose jobs took 1,050 ms against a 1,000 ms baseline, costing 30 of the baseline's 100 a job
        OpenGate run = counted(shadow(1, 10, 0, 1_050, 300), shadow(2, 10, 0, 1_050, 300));

        // When it is judged
        GateJudgement j = ShadowPhaseRules.judge(shortWindows(), BASELINE, run);

        // Then it passes with each criterion listed
        assertThat(j.result()).isEqualTo(Result.PASS);
        assertThat(j.checks()).extracting(Check::metric).containsExactly("shadow_job_success_percent",
                "shadow_processing_time_increase_percent", "shadow_cost_per_job_percent_of_baseline",
                "shadow_output_mismatches");
        assertThat(j.checks()).allSatisfy(c -> assertThat(c.passed()).isTrue());
        assertThat(j.samples()).isEqualTo(2);
    }

    @Test
    void givenAPlanAllowingTenPercentWhenTheRunIsEightPercentSlowerThenItPassesAndElevenPercentFails() {
        // Given a plan whose gate allows +10 % (the plan's field, not a constant)
        Limits tenPercent = new Limits(0.01, 10_000, 20, true, true, 10.0, 15_000, 40.0, 60_000, 10.0, 0.0, 80.0);

        // When runs take 1,080 ms and 1,110 ms
        // Then the first holds and the second misses against its 10 %
        assertThat(ShadowPhaseRules.judge(tenPercent, BASELINE, counted(shadow(1, 10, 0, 1_080, 300))).result())
                .isEqualTo(Result.PASS);
        GateJudgement slow = ShadowPhaseRules.judge(tenPercent, BASELINE, counted(shadow(1, 10, 0, 1_110, 300)));
        assertThat(slow.result()).isEqualTo(Result.FAIL);
        assertThat(slow.checks()).filteredOn(c -> !c.passed()).singleElement()
                .satisfies(c -> assertThat(c.threshold()).isEqualTo(10.0));
    }

    @Test
    void givenMismatchesCountedInTheRunWhenJudgedThenItFailsEvenWithEveryOtherCriterionHeld() {
        // Given a run with one mismatching job (its immediate rollback switched off by the plan)
        OpenGate run = OpenGate.shadowPhase(START, END, "e-1").counting(shadow(1, 10, 0, 1_000, 300), 1);

        // When it is judged, then the mismatch alone fails it
        GateJudgement j = ShadowPhaseRules.judge(shortWindows(), BASELINE, run);
        assertThat(j.result()).isEqualTo(Result.FAIL);
        assertThat(j.checks()).filteredOn(c -> !c.passed()).singleElement()
                .satisfies(c -> assertThat(c.metric()).isEqualTo("shadow_output_mismatches"));
    }

    @Test
    void givenNoBaselineWhenARunIsJudgedThenItIsInconclusiveNamingWhatCouldNotBeMeasured() {
        GateJudgement j = ShadowPhaseRules.judge(shortWindows(), null, counted(shadow(1, 10, 0, 1_000, 300)));
        assertThat(j.result()).isEqualTo(Result.INCONCLUSIVE);
        assertThat(j.notes()).extracting(Note::code).containsExactly("NO_BASELINE", "NO_BASELINE_COST");
        assertThat(j.confidence()).isEqualTo(0.5);
    }

    @Test
    void givenSpotCapacityPricedBelowAMicroDollarPerSampleWhenJudgedThenItsCostIsAMeasuredZeroAndItPasses() {
        // Given a run whose spot cost rounds to 0 each sample (moto's $0.00001/h) beside its priced on-demand equivalent
        OpenGate run = counted(shadow(1, 10, 0, 1_000, 0, 1_000), shadow(2, 10, 0, 1_000, 0, 1_000));

        // When it is judged
        GateJudgement j = ShadowPhaseRules.judge(shortWindows(), BASELINE, run);

        // Then resource efficiency is measured at 0 % of the baseline's cost per job, and the run passes
        assertThat(j.result()).isEqualTo(Result.PASS);
        assertThat(j.checks()).filteredOn(c -> c.metric().equals("shadow_cost_per_job_percent_of_baseline"))
                .singleElement().satisfies(c -> assertThat(c.observed()).isZero());
    }

    @Test
    void givenSamplesReportingNoCostAtAllWhenJudgedThenEfficiencyIsNotMeasuredAndTheRunIsInconclusive() {
        // Given a run whose samples carry neither a cost nor an on-demand equivalent (an unpriced producer)
        OpenGate run = counted(shadow(1, 10, 0, 1_000, 0, 0));

        // When it is judged
        GateJudgement j = ShadowPhaseRules.judge(shortWindows(), BASELINE, run);

        // Then efficiency cannot be judged: inconclusive, saying why, not a pass on a cost of nothing
        assertThat(j.result()).isEqualTo(Result.INCONCLUSIVE);
        assertThat(j.notes()).extracting(Note::code).contains("NO_SHADOW_COST");
    }

    @Test
    void givenSamplesOutsideTheRunOrRedeliveredWhenCountedThenOnlyThoseInsideAreSummedOnce() {
        // Given a run's gate
        OpenGate run = OpenGate.shadowPhase(START, END, "e-1");

        // When a sample before it, one inside twice, an older one after it, and one after its end are counted
        OpenGate counted = run.counting(shadow(-1, 10, 0, 1_000, 300), 0)
                .counting(shadow(2, 10, 0, 1_000, 300), 0)
                .counting(shadow(2, 10, 0, 1_000, 300), 0)
                .counting(shadow(1, 10, 0, 1_000, 300), 0)
                .counting(shadow(61, 10, 0, 1_000, 300), 0);

        // Then one sample of ten jobs is in the sums
        assertThat(counted.shadow().samples()).isEqualTo(1);
        assertThat(counted.shadow().jobsCompleted()).isEqualTo(10);
    }

    private static OpenGate counted(Sample... samples) {
        OpenGate run = OpenGate.shadowPhase(START, END, "e-1");
        for (Sample s : samples) {
            run = run.counting(s, 0);
        }
        return run;
    }

    private static Sample shadow(int second, int completed, int failed, long meanJobMillis, long costMicros) {
        return shadow(second, completed, failed, meanJobMillis, costMicros, 100L * (completed + failed));
    }

    private static Sample shadow(int second, int completed, int failed, long meanJobMillis, long costMicros,
                                 long onDemandCostMicros) {
        return new Sample("s-" + second, START + second * 1_000L, 1_000, completed, failed, meanJobMillis, 50.0,
                costMicros, onDemandCostMicros, 100, 0);
    }
}
