package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.PlanAccounting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FleetSavingsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static MigrationStatus plan(String workload, MigrationStage stage, PlanAccounting account, int interruptions) {
        boolean terminal = stage == MigrationStage.COMPLETED || stage == MigrationStage.ROLLED_BACK || stage == MigrationStage.FAILED;
        return MigrationStatus.newBuilder().setPlanId(UUID.randomUUID().toString()).setWorkloadName(workload)
                .setStage(stage).setTerminal(terminal).setSpotPercent(0).setUpdatedAt(T0).setLastEventId("e")
                .setInterruptionsHandled(interruptions).setAccounting(account).build();
    }

    private static PlanAccounting account(double spotH, double odH, long cost, long odCost, long jobs, Long baseline) {
        return PlanAccounting.newBuilder().setSpotHours(spotH).setOnDemandHours(odH).setCostMicros(cost)
                .setOnDemandCostMicros(odCost).setJobsCompleted(jobs).setJobsFailed(1).setBaselineCostPerJobMicros(baseline).build();
    }

    private static MetricSample sample(Instant at, int spotPercent, boolean shadow) {
        return MetricSample.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setPlanId("p")
                        .setOccurredAt(at).setProducer("test").build())
                .setIntervalMillis(Duration.ofMinutes(30).toMillis()).setJobsCompleted(1).setJobsFailed(0).setMeanJobMillis(1)
                .setCpuUtilisationPercent(50).setCostMicros(1).setOnDemandCostMicros(2).setSpotPercent(spotPercent).setShadow(shadow)
                .build();
    }

    @Test
    void perServiceFiguresAreTheSumsOfThePlansCostAccounts() {
        // Given three plans of two services, and one of them rolled back
        PlanAccounting etl1 = account(3.0, 1.0, 400_000, 1_000_000, 100, 9_000L);
        PlanAccounting etl2 = account(1.5, 0.5, 300_000, 500_000, 50, 12_000L);
        PlanAccounting reports = account(0.0, 2.0, 800_000, 800_000, 20, null);
        List<MigrationStatus> plans = List.of(plan("nightly-etl", MigrationStage.COMPLETED, etl1, 2),
                plan("nightly-etl", MigrationStage.ROLLED_BACK, etl2, 0), plan("reports", MigrationStage.FAILED, reports, 1));

        // When the fleet is summed
        FleetSavings f = FleetSavings.of(plans, List.of(), Duration.ofHours(1), List.of());

        // Then each service's figures are its plans' sums
        FleetSavings.ServiceFigures etl = f.services().get(0);
        assertThat(etl.service()).isEqualTo("nightly-etl");
        assertThat(etl.plans()).isEqualTo(2);
        assertThat(etl.costMicros()).isEqualTo(etl1.getCostMicros() + etl2.getCostMicros());
        assertThat(etl.onDemandCostMicros()).isEqualTo(etl1.getOnDemandCostMicros() + etl2.getOnDemandCostMicros());
        assertThat(etl.savingsMicros()).isEqualTo(800_000);
        assertThat(etl.spotHours()).isEqualTo(4.5);
        assertThat(etl.onDemandHours()).isEqualTo(1.5);
        assertThat(etl.jobsCompleted()).isEqualTo(150);
        assertThat(etl.costPerJobMicros()).isEqualTo(700_000 / 150);
        // the baseline per job weighted by each plan's jobs: (9000 x 100 + 12000 x 50) / 150
        assertThat(etl.baselineCostPerJobMicros()).isEqualTo(10_000);
        FleetSavings.ServiceFigures rep = f.services().get(1);
        assertThat(rep.savingsMicros()).isZero();
        assertThat(rep.baselineCostPerJobMicros()).isNull();
        // and the total is the sum of the services
        assertThat(f.total().costMicros()).isEqualTo(1_500_000);
        assertThat(f.total().savingsMicros()).isEqualTo(etl.savingsMicros() + rep.savingsMicros());
        assertThat(f.total().plans()).isEqualTo(3);
        assertThat(f.outcomes()).containsEntry("succeeded", 1).containsEntry("rolled back", 1).containsEntry("failed", 1);
        assertThat(f.interruptions().handled()).isEqualTo(3);
    }

    @Test
    void spotAndOnDemandHoursAreBucketedByTimeWithoutShadowSamples() {
        // Given half-hour samples: two in the first hour (100 % and 50 % spot), one shadow, one in the next hour
        List<MetricSample> samples = List.of(sample(T0, 100, false), sample(T0.plusSeconds(1800), 50, false),
                sample(T0.plusSeconds(60), 100, true), sample(T0.plusSeconds(3600), 0, false));

        FleetSavings f = FleetSavings.of(List.of(), samples, Duration.ofHours(1),
                List.of(Duration.ofSeconds(40), Duration.ofSeconds(70), Duration.ofSeconds(55)));

        assertThat(f.overTime()).containsExactly(new FleetSavings.HoursBucket(T0, 0.75, 0.25),
                new FleetSavings.HoursBucket(T0.plusSeconds(3600), 0.0, 0.5));
        assertThat(f.interruptions().median()).isEqualTo(Duration.ofSeconds(55));
        assertThat(f.interruptions().longest()).isEqualTo(Duration.ofSeconds(70));
    }

    @Test
    void theReportsNameEveryServiceAndTheTotal() {
        FleetSavings f = FleetSavings.of(List.of(plan("nightly-etl", MigrationStage.COMPLETED,
                account(1, 1, 500_000, 1_000_000, 10, 100_000L), 0)), List.of(sample(T0, 100, false)), Duration.ofHours(1), List.of());
        StringWriter text = new StringWriter();

        SavingsReport.print(f, new PrintWriter(text));

        assertThat(text.toString()).contains("nightly-etl", "total", "0.500000", "50.0");
        assertThat(SavingsReport.html(f)).contains("<td>nightly-etl</td>", "<tr class=\"total\">", "<svg");
    }
}
