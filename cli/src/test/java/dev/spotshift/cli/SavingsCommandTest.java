package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.PlanAccounting;
import dev.spotshift.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spotshift savings} on the real broker and registry: per-service figures are sums of the plans' accounts. */
class SavingsCommandTest {

    private static PlanAccounting account(double spotH, double odH, long cost, long odCost, long jobs, long baseline) {
        return PlanAccounting.newBuilder().setSpotHours(spotH).setOnDemandHours(odH).setCostMicros(cost)
                .setOnDemandCostMicros(odCost).setJobsCompleted(jobs).setJobsFailed(0)
                .setBaselineCostPerJobMicros(baseline).build();
    }

    private static MigrationStatus status(String workload, MigrationStage stage, PlanAccounting a) {
        String planId = "savings-test." + UUID.randomUUID();
        MigrationStatus s = StatusViewTest.status(planId, stage, 100, 4);
        s.setWorkloadName(workload);
        s.setTerminal(true);
        s.setAccounting(a);
        return s;
    }

    @Test
    void printsPerServiceFiguresThatEqualTheSumOfThePlansCostAccounts(@TempDir Path html) throws Exception {
        // Given two services' plans on migration-status, each with its cost account
        CliOnKafkaTest.infra();
        String etl = "etl-" + UUID.randomUUID();
        String reports = "reports-" + UUID.randomUUID();
        List<MigrationStatus> plans = List.of(
                status(etl, MigrationStage.COMPLETED, account(2.0, 1.0, 300_000, 900_000, 100, 8_000)),
                status(etl, MigrationStage.ROLLED_BACK, account(0.5, 1.5, 500_000, 600_000, 60, 9_000)),
                status(reports, MigrationStage.COMPLETED, account(1.0, 0.0, 100_000, 250_000, 10, 20_000)));
        try (EventPublisher p = new EventPublisher(CliOnKafkaTest.connection)) {
            for (MigrationStatus s : plans) {
                p.send(Topics.MIGRATION_STATUS, s.getPlanId(), s);
            }
        }

        // When the fleet's savings are asked for
        CommandLineTest.Run r = CliOnKafkaTest.cli("savings", "--json", "--html", html.toString());

        // Then each service's figures are the sums of its plans' accounts
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = Json.MAPPER.readTree(r.out());
        for (String service : List.of(etl, reports)) {
            List<PlanAccounting> own = plans.stream().filter(s -> s.getWorkloadName().equals(service))
                    .map(MigrationStatus::getAccounting).toList();
            JsonNode row = null;
            for (JsonNode n : doc.get("services")) {
                if (n.get("service").asText().equals(service)) {
                    row = n;
                }
            }
            assertThat(row).as(service).isNotNull();
            assertThat(row.get("plans").asInt()).isEqualTo(own.size());
            assertThat(row.get("costMicros").asLong()).isEqualTo(own.stream().mapToLong(PlanAccounting::getCostMicros).sum());
            assertThat(row.get("onDemandCostMicros").asLong())
                    .isEqualTo(own.stream().mapToLong(PlanAccounting::getOnDemandCostMicros).sum());
            assertThat(row.get("savingsMicros").asLong()).isEqualTo(own.stream()
                    .mapToLong(a -> a.getOnDemandCostMicros() - a.getCostMicros()).sum());
            assertThat(row.get("jobsCompleted").asLong()).isEqualTo(own.stream().mapToLong(PlanAccounting::getJobsCompleted).sum());
            assertThat(row.get("spotHours").asDouble()).isEqualTo(own.stream().mapToDouble(PlanAccounting::getSpotHours).sum());
        }
        // and the page is written
        assertThat(Files.readString(html.resolve("savings.html"))).contains(etl, reports);
        // and the table names them too
        assertThat(CliOnKafkaTest.cli("savings").out()).contains(etl, reports, "total", "outcomes:");
        // and the audit's fleet summary ends with the same per-service table, and its page beside the plans' reports
        Path audit = html.resolve("audit");
        CommandLineTest.Run replay = CliOnKafkaTest.cli("replay", "--all", "--html", audit.toString());
        assertThat(replay.out()).as(replay.err()).contains("savings per service", etl, reports);
        assertThat(Files.readString(audit.resolve("savings.html"))).contains(etl, reports);
    }
}
