package dev.spotshift.monitor.domain;

import static dev.spotshift.monitor.domain.Samples.BASELINE;
import static dev.spotshift.monitor.domain.Samples.failing;
import static dev.spotshift.monitor.domain.Samples.healthy;
import static dev.spotshift.monitor.domain.Samples.slow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.GateJudgement.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateRulesTest {

    private final Limits limits = Samples.shortWindows();
    private final OpenGate gate = new OpenGate(1, 10_000, 20_000, "step-started-1");

    @Test
    void passesAStepWhoseWindowMeetsEveryCriterion() {
        List<Sample> recent = List.of(healthy("a", 12_000, 10), slow("b", 15_000, 10, 1_050));

        GateJudgement j = GateRules.judge(limits, BASELINE, gate, recent);

        assertThat(j.result()).isEqualTo(Result.PASS);
        assertThat(j.samples()).isEqualTo(2);
        assertThat(j.windowStartMillis()).isEqualTo(10_000);
        assertThat(j.windowEndMillis()).isEqualTo(20_000);
        assertThat(j.checks()).allMatch(Check::passed);
    }

    @Test
    void failsAStepWhoseJobsRunMoreThanFivePercentOverTheBaseline() {
        List<Sample> recent = List.of(slow("a", 12_000, 10, 1_060), slow("b", 15_000, 10, 1_060));

        GateJudgement j = GateRules.judge(limits, BASELINE, gate, recent);

        assertThat(j.result()).isEqualTo(Result.FAIL);
        assertThat(j.notes()).extracting(Note::code).contains("GATE_MEAN_JOB_MILLIS_BREACHED");
    }

    @Test
    void failsAStepOnASingleFailedJobEvenBelowTheMinimumVolume() {
        GateJudgement j = GateRules.judge(limits, BASELINE, gate, List.of(failing("a", 12_000, 2, 1)));

        assertThat(j.result()).isEqualTo(Result.FAIL);
    }

    @Test
    void judgesOnlyTheSamplesOfThatStepsWindow() {
        // A failure just before the step started and one just after its gate do not count
        List<Sample> recent = List.of(failing("before", 9_999, 9, 1), healthy("a", 10_000, 10),
                healthy("b", 20_000, 10), failing("after", 20_001, 9, 1));

        GateJudgement j = GateRules.judge(limits, BASELINE, gate, recent);

        assertThat(j.result()).isEqualTo(Result.PASS);
        assertThat(j.samples()).isEqualTo(2);
    }

    @Test
    void isInconclusiveWithoutSamples() {
        GateJudgement j = GateRules.judge(limits, BASELINE, gate, List.of());

        assertThat(j.result()).isEqualTo(Result.INCONCLUSIVE);
        assertThat(j.notes()).extracting(Note::code).containsExactly("NO_SAMPLES");
    }

    @Test
    void doesNotPassOnTooFewJobs() {
        GateJudgement j = GateRules.judge(limits, BASELINE, gate, List.of(healthy("a", 12_000, 5)));

        assertThat(j.result()).isEqualTo(Result.INCONCLUSIVE);
        assertThat(j.notes()).extracting(Note::code).containsExactly("TOO_FEW_JOBS");
    }

    @Test
    void doesNotPassWithoutABaseline() {
        GateJudgement j = GateRules.judge(limits, null, gate, List.of(healthy("a", 12_000, 30)));

        assertThat(j.result()).isEqualTo(Result.INCONCLUSIVE);
        assertThat(j.notes()).extracting(Note::code).containsExactly("NO_BASELINE");
    }
}
