package dev.spotshift.cli.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeds' own documents, kept under examples/seeds/, become plans the analyzer accepts unchanged. */
class SeedImportTest {

    private static final SeedImport.Options DEFAULTS = new SeedImport.Options(null, null);

    private static SeedImport.Result importSeed(String file) throws IOException {
        return SeedImport.from(Files.readString(Path.of("../examples/seeds", file)), DEFAULTS);
    }

    private static List<MigrationPlan> valid(SeedImport.Result r) {
        ParsedPlans parsed = PlanParser.parse(r.planYaml());
        assertThat(parsed.errors()).as(r.planYaml()).isEmpty();
        return parsed.plans();
    }

    @Test
    void thePilotDocumentBecomesTheShadowPilotItDescribes() throws IOException {
        // When seed 000's pilot_execution document is imported
        SeedImport.Result r = importSeed("pilot-execution.yaml");

        // Then the plan validates and carries the document's numbers
        MigrationPlan p = valid(r).get(0);
        assertThat(p.getMode()).isEqualTo(ExecutionMode.SHADOW);
        assertThat(p.getWorkload().getName()).isEqualTo("nightly_etl_batch");
        assertThat(p.getSpot().getInstanceTypes()).containsExactly("m5.large", "m5a.large", "m5n.large");
        assertThat(p.getSpot().getAllocationStrategy()).isEqualTo(AllocationStrategy.PRICE_CAPACITY_OPTIMIZED);
        assertThat(p.getSpot().getMaxPriceFractionOfOnDemand()).isEqualTo(0.7);
        assertThat(p.getRollout().getStepsPercent()).containsExactly(25, 50, 75, 100);
        assertThat(p.getRollout().getStepIntervalMillis()).isEqualTo(15 * 60_000L);
        assertThat(p.getRollout().getValidationWindowMillis()).isEqualTo(10 * 60_000L);
        assertThat(p.getRollout().getShadowRunMillis()).isEqualTo(2 * 3_600_000L);
        assertThat(p.getMarket().getMaxPriceVariationPercent()).isEqualTo(20.0);
        assertThat(p.getMarket().getPriceLookbackMillis()).isEqualTo(24 * 3_600_000L);
        assertThat(p.getMarket().getMaxInterruptionRatePercent()).isEqualTo(5.0);
        assertThat(p.getThresholds().getErrorRatePercent()).isEqualTo(0.01);
        assertThat(p.getThresholds().getErrorRateWindowMillis()).isEqualTo(60_000L);
        assertThat(p.getThresholds().getRollbackOnJobFailure()).isTrue();
        assertThat(p.getThresholds().getRollbackOnDataInconsistency()).isTrue();
        assertThat(p.getThresholds().getDegradationPercent()).isEqualTo(10.0);
        assertThat(p.getThresholds().getMinCostEfficiencyPercent()).isEqualTo(40.0);
        assertThat(p.getThresholds().getGateProcessingTimeIncreasePercent()).isEqualTo(5.0);
        assertThat(p.getThresholds().getGateMaxErrorRatePercent()).isEqualTo(0.0);
        assertThat(p.getSuccess().getMinJobCompletionRatePercent()).isEqualTo(100.0);
        assertThat(p.getSuccess().getMaxProcessingTimeIncreasePercent()).isEqualTo(5.0);
        assertThat(p.getFallback().getOnDemandCapacityReserved()).isTrue();

        // And each value says where it came from, what was assumed is listed, and so is what has no counterpart
        assertThat(r.planYaml()).contains("stepInterval: PT15M   # pilot_execution.staged_migration"
                + ".phase_3_cutover.steps[0].config[1].interval");
        assertThat(r.assumed()).extracting(SeedImport.Assumed::field)
                .contains("workloads[0].region", "workloads[0].autoScalingGroupName");
        assertThat(r.unmapped()).extracting(SeedImport.Unmapped::path).contains(
                "pilot_execution.continuous_monitoring.critical_metrics.performance[1]",
                "pilot_execution.staged_migration.phase_2_pilot_launch.steps[0].config[2].error_threshold");

        // And the continuous-monitoring rules are review signals, each bound and window from the document
        assertThat(p.getReviews()).extracting(r2 -> r2.getAction() + " " + r2.getMetric() + " "
                + (r2.getAtMost() != null ? "<=" + r2.getAtMost() : ">=" + r2.getAtLeast()) + " " + r2.getWindowMillis())
                .containsExactly(
                        "alert_and_investigate PROCESSING_TIME_INCREASE_PERCENT <=5.0 300000",
                        "scale_review CPU_UTILISATION_PERCENT <=80.0 300000",
                        "optimization_review COST_PER_JOB_PERCENT_OF_BASELINE <=50.0 3600000",
                        "strategy_validation SAVINGS_PERCENT >=60.0 3600000");
        assertThat(r.planYaml()).contains("metric: cpu-utilisation-percent   # pilot_execution.continuous_monitoring"
                + ".critical_metrics.performance[2].metric");
        assertThat(r.unmapped()).noneMatch(u -> u.why().equals("not recognised by the importer"));
    }

    @Test
    void theMigrationDocumentBecomesOneMigrationPerTargetService() throws IOException {
        // When seed 001's spot_migration_execution document is imported
        SeedImport.Result r = importSeed("spot-migration-execution.yaml");

        // Then both target services are workloads of a plan that validates, with the shared settings
        List<MigrationPlan> plans = valid(r);
        assertThat(plans).extracting(p -> p.getWorkload().getName()).containsExactly("data_etl_jobs",
                "report_generation");
        MigrationPlan reports = plans.get(1);
        assertThat(reports.getWorkload().getCurrentInstanceType()).isEqualTo("c5.xlarge");
        assertThat(reports.getWorkload().getRegion()).isEqualTo("us-east-1");
        assertThat(reports.getWorkload().getBackupRegion()).isEqualTo("us-east-2");
        assertThat(reports.getWorkload().getInterruptionTolerant()).isTrue();
        assertThat(reports.getWorkload().getRealTimeRequirement()).isFalse();
        assertThat(reports.getSpot().getMinCapacity()).isEqualTo(1);
        assertThat(reports.getSpot().getMaxCapacity()).isEqualTo(2);
        assertThat(reports.getAutoscaling().getScaleOutCpuPercent()).isEqualTo(75.0);
        assertThat(reports.getAutoscaling().getScaleInAfterMillis()).isEqualTo(20 * 60_000L);
        assertThat(reports.getCheckpoint().getLocation()).isEqualTo("s3://backup-bucket/spot-state/");
        assertThat(reports.getCheckpoint().getGracefulShutdownMillis()).isEqualTo(120_000L);
        assertThat(plans.get(0).getRollout().getValidationPeriodMillis()).isEqualTo(48 * 3_600_000L);
        // report generation moves in the expansion's phase_1, "72h per service"
        assertThat(reports.getRollout().getValidationPeriodMillis()).isEqualTo(72 * 3_600_000L);
        assertThat(reports.getSuccess().getMinJobCompletionRatePercent()).isEqualTo(99.9);
        assertThat(reports.getSuccess().getMinCostSavingsPercent()).isEqualTo(50.0);

        // And the expansion's phases are the plan's waves: the ETL jobs (named in no phase) first, then phase_1's
        // report generation once they COMPLETED
        assertThat(plans).extracting(p -> p.getWorkload().getName() + " " + p.getWave().getIndex() + "/"
                + p.getWave().getCount() + " " + p.getWave().getName()).containsExactly(
                "data_etl_jobs 1/2 stage_2", "report_generation 2/2 phase_1");
        assertThat(reports.getWave().getPreviousWorkloads()).containsExactly("data_etl_jobs");
        // And the phases' services the document describes nowhere, the phases' durations and bidding are listed
        // as not mapped, with why
        String phases = "spot_migration_execution.stage_3_expansion.rollout_plan.";
        assertThat(r.unmapped()).extracting(SeedImport.Unmapped::path).contains(
                phases + "phase_1.services[1]", phases + "phase_2.services[0]", phases + "phase_2.services[1]",
                phases + "phase_1.duration", phases + "phase_2.duration");
        assertThat(r.unmapped()).filteredOn(u -> u.path().equals(phases + "phase_1.services[1]")).singleElement()
                .satisfies(u -> assertThat(u.why()).contains("does not describe", "add it to workloads"));
        assertThat(r.unmapped()).anyMatch(u -> u.why().startsWith("EC2 no longer takes bids"));
        assertThat(r.assumed()).extracting(SeedImport.Assumed::field).contains("rollout.stepsPercent");
        assertThat(r.unmapped()).noneMatch(u -> u.why().equals("not recognised by the importer"));
    }

    @Test
    void listsWhatItDoesNotRecogniseInsteadOfDroppingIt() {
        // Given a pilot document with a section the importer has never seen
        String doc = """
                pilot_execution:
                  initial_validation:
                    pre_flight_checks:
                      target_workload:
                        name: "nightly_report"
                  staged_migration:
                    phase_1_preparation:
                      steps:
                        - action: "create_spot_fleet_request"
                          config:
                            instance_types: ["c5.large"]
                            target_capacity: 2
                  team_rota:
                    on_call: "alice"
                """;

        // When imported
        SeedImport.Result r = SeedImport.from(doc, new SeedImport.Options("eu-west-1", "reports"));

        // Then the plan validates with the given region and name, and the unknown part is listed
        MigrationPlan p = valid(r).get(0);
        assertThat(p.getWorkload().getRegion()).isEqualTo("eu-west-1");
        assertThat(p.getWorkload().getKind().name()).isEqualTo("REPORT_GENERATION");
        assertThat(r.unmapped()).contains(new SeedImport.Unmapped("pilot_execution.team_rota.on_call",
                "not recognised by the importer"));
    }

    @Test
    void namesTheShapesItKnowsWhenGivenAnotherDocument() {
        assertThatThrownBy(() -> SeedImport.from("apiVersion: v1\nkind: ConfigMap\n", DEFAULTS))
                .hasMessageContaining("'pilot_execution:'").hasMessageContaining("'spot_migration_execution:'");
    }

    @Test
    void saysWhereADurationItCannotReadIs() {
        String doc = """
                pilot_execution:
                  staged_migration:
                    phase_3_cutover:
                      steps:
                        - action: "gradual_traffic_shift"
                          config:
                            - increment: 25
                            - interval: "soon"
                """;
        assertThatThrownBy(() -> SeedImport.from(doc, DEFAULTS)).hasMessageContaining(
                "pilot_execution.staged_migration.phase_3_cutover.steps[0].config[1].interval: 'soon' is not a duration");
    }
}
