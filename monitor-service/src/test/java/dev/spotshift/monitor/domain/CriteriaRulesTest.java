package dev.spotshift.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriteriaRulesTest {

    /** Seed 001: job completion >= 99.9 %, processing time <= baseline + 10 %, cost savings >= 50 %. */
    private static final PeriodCriteria SEED_001 = new PeriodCriteria(99.9, 10.0, 50.0);
    private static final OpenGate PERIOD = OpenGate.validationPeriod(0, 10_000, "period-started", SEED_001);

    @Test
    void passesWhenEveryCriterionHeldOverThePeriod() {
        // Given ten seconds at full spot, saving 70 %, at the baseline's job time
        List<Sample> period = seconds(i -> Samples.healthy("s" + i, i * 1_000L, 10));

        // When the period is judged
        GateJudgement j = CriteriaRules.judge(SEED_001, Samples.BASELINE, PERIOD, period);

        // Then it passes, and each criterion is listed with its threshold and measured value
        assertThat(j.result()).isEqualTo(GateJudgement.Result.PASS);
        assertThat(j.stepIndex()).isEqualTo(-1);
        assertThat(j.checks()).extracting(Check::metric).containsExactly(
                "job_completion_rate_percent", "processing_time_increase_percent", "cost_savings_percent");
        assertThat(j.checks()).extracting(Check::threshold).containsExactly(99.9, 10.0, 50.0);
        assertThat(j.checks().get(2).observed()).isEqualTo(70.0);
    }

    @Test
    void failsWhenSavingsEndAtFortyFivePercentAgainstFifty() {
        // Given a period saving 45 % (cost 55 of every 100 on-demand)
        List<Sample> period = seconds(i -> Samples.costing("s" + i, i * 1_000L, 10, 550, 1_000, 100));

        // When the period is judged
        GateJudgement j = CriteriaRules.judge(SEED_001, Samples.BASELINE, PERIOD, period);

        // Then it fails on savings alone, saying by how much
        assertThat(j.result()).isEqualTo(GateJudgement.Result.FAIL);
        Check savings = j.checks().stream().filter(c -> c.metric().equals("cost_savings_percent")).findFirst().orElseThrow();
        assertThat(savings.observed()).isEqualTo(45.0);
        assertThat(savings.passed()).isFalse();
        assertThat(j.notes()).extracting(Note::code).containsExactly("CRITERION_COST_SAVINGS_PERCENT_MISSED");
        assertThat(j.notes().get(0).message()).contains("45.0000", "50.0000");
    }

    @Test
    void failsWhenJobCompletionFallsBelowItsRate() {
        // Given one failed job in a thousand and one (99.9 % needs at most one in a thousand)
        List<Sample> period = new ArrayList<>(seconds(i -> Samples.healthy("s" + i, i * 1_000L, 100)));
        period.add(Samples.failing("f", 9_500, 0, 2));

        GateJudgement j = CriteriaRules.judge(SEED_001, Samples.BASELINE, PERIOD, period);

        assertThat(j.result()).isEqualTo(GateJudgement.Result.FAIL);
        assertThat(j.checks().get(0).observed()).isLessThan(99.9);
    }

    @Test
    void failsWhenProcessingTimeGrewMoreThanAllowed() {
        // Given jobs taking 12 % longer than the baseline
        List<Sample> period = seconds(i -> Samples.slow("s" + i, i * 1_000L, 10, 1_120));

        GateJudgement j = CriteriaRules.judge(SEED_001, Samples.BASELINE, PERIOD, period);

        assertThat(j.result()).isEqualTo(GateJudgement.Result.FAIL);
        assertThat(j.checks().get(1).observed()).isEqualTo(12.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(j.checks().get(1).baseline()).isEqualTo(1_000.0);
    }

    @Test
    void isInconclusiveNeverPassWhenNoJobFinishedInThePeriod() {
        GateJudgement j = CriteriaRules.judge(SEED_001, Samples.BASELINE, PERIOD, List.of());

        assertThat(j.result()).isEqualTo(GateJudgement.Result.INCONCLUSIVE);
        assertThat(j.notes()).extracting(Note::code).contains("NO_JOBS", "NO_COST");
    }

    @Test
    void samplesOutsideThePeriodDoNotCount() {
        // Given a healthy period, and an expensive sample from before it began
        List<Sample> period = new ArrayList<>(seconds(i -> Samples.healthy("s" + i, i * 1_000L, 10)));
        period.add(0, Samples.costing("before", -5_000, 10, 1_000, 1_000, 0));

        GateJudgement j = CriteriaRules.judge(SEED_001, Samples.BASELINE, PERIOD, period);

        assertThat(j.result()).isEqualTo(GateJudgement.Result.PASS);
        assertThat(j.samples()).isEqualTo(10);
    }

    private static List<Sample> seconds(java.util.function.IntFunction<Sample> at) {
        List<Sample> out = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            out.add(at.apply(i));
        }
        return out;
    }
}
