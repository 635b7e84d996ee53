package dev.spotshift.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.PlanAccounting;
import org.junit.jupiter.api.Test;

class AccountingTest {

    private static Sample sample(long intervalMillis, int spotPercent, int jobs, int failed, long cost, long onDemandCost) {
        return new Sample("s", 0, intervalMillis, jobs, failed, 1_000, 50.0, cost, onDemandCost, spotPercent, 0);
    }

    @Test
    void splitsEachIntervalBetweenSpotAndOnDemandHoursByTheShare() {
        Accounting a = Accounting.none()
                .add(sample(3_600_000, 25, 10, 0, 900, 1_000))
                .add(sample(1_800_000, 100, 10, 1, 300, 1_000));

        assertThat(a.spotHours()).isCloseTo(0.25 + 0.5, within(1e-9));
        assertThat(a.onDemandHours()).isCloseTo(0.75, within(1e-9));
        assertThat(a.costMicros()).isEqualTo(1_200);
        assertThat(a.onDemandCostMicros()).isEqualTo(2_000);
        assertThat(a.savingsMicros()).isEqualTo(800);
        assertThat(a.savingsPercent()).isEqualTo(40.0);
        assertThat(a.jobsCompleted()).isEqualTo(20);
        assertThat(a.jobsFailed()).isEqualTo(1);
        assertThat(a.costPerJobMicros()).isEqualTo(60);
    }

    @Test
    void comparesTheCostPerJobWithTheBaselineOnlyWhenBothAreKnown() {
        BaselineFigures baseline = new BaselineFigures(1_000, 0.0, 100, 50.0, true);
        Accounting noJobs = Accounting.none().add(sample(1_000, 100, 0, 0, 30, 100));
        Accounting some = Accounting.none().add(sample(1_000, 100, 10, 0, 450, 1_000));

        assertThat(noJobs.costPerJobMicros()).isNull();
        assertThat(noJobs.costPerJobPercentOf(baseline)).isNull();
        assertThat(some.costPerJobPercentOf(null)).isNull();
        assertThat(some.costPerJobPercentOf(new BaselineFigures(1_000, 0.0, 0, 50.0, false))).isNull();
        assertThat(some.costPerJobPercentOf(baseline)).isEqualTo(45.0);
    }

    @Test
    void theStatusCarriesTheAccountAndItsSavings() {
        Accounting a = Accounting.none().add(sample(7_200_000, 50, 40, 2, 6_000, 10_000));
        MigrationStatus before = StatusFold.initial("plan-1", 0);

        MigrationStatus s = StatusFold.withAccounting(before, a, new BaselineFigures(1_000, 0.0, 250, 50.0, true), "e9", 5);

        assertThat(s.getStage()).isEqualTo(MigrationStage.SUBMITTED);
        assertThat(s.getSavingsMicros()).isEqualTo(4_000);
        assertThat(s.getSavingsPercent()).isEqualTo(40.0);
        assertThat(s.getLastEventId()).isEqualTo("e9");
        PlanAccounting p = s.getAccounting();
        assertThat(p.getSpotHours()).isEqualTo(1.0);
        assertThat(p.getOnDemandHours()).isEqualTo(1.0);
        assertThat(p.getJobsCompleted()).isEqualTo(40);
        assertThat(p.getJobsFailed()).isEqualTo(2);
        assertThat(p.getCostPerJobMicros()).isEqualTo(150);
        assertThat(p.getBaselineCostPerJobMicros()).isEqualTo(250);
        assertThat(p.getCostPerJobPercentOfBaseline()).isEqualTo(60.0);
    }

    @Test
    void aContextStoredBeforeTheAccountExistedReadsBackWithAnEmptyOne() {
        PlanContext old = new PlanContext(null, null, false, 0, 0, java.util.Map.of(), java.util.List.of(), null, null, null);
        assertThat(old.accounting()).isEqualTo(Accounting.none());
        assertThat(old.savingsMicros()).isZero();
    }
}
