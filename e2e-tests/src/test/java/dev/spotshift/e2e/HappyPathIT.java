package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotshift.cli.Plans;
import dev.spotshift.cli.SpotshiftCli;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.PlanAccounting;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HappyPathIT {

    @Test
    void completesTheDemoPlanAtFullSpotWithSavings() throws Exception {
        // Given the whole system and a workload that behaves on spot, When the demo plan is submitted
        String planId = E2eStack.happyPlan();
        // Then it completes at 100 % spot, having saved money, after every step's gate
        MigrationStatus s = E2eStack.awaitFinal(planId);
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(s.getSpotPercent()).isEqualTo(100);
        assertThat(s.getSavingsMicros()).isPositive();
        assertThat(s.getRollbacks()).isZero();
        // And its cost account: hours on both capacity kinds, jobs done, cheaper than on-demand per job
        assertThat(s.getAccounting()).as("cost account").isNotNull();
        assertThat(s.getAccounting().getSpotHours()).isPositive();
        assertThat(s.getAccounting().getJobsCompleted()).isPositive();
        assertThat(s.getAccounting().getCostMicros()).isLessThan(s.getAccounting().getOnDemandCostMicros());
        assertThat(s.getAccounting().getCostPerJobMicros()).isNotNull();
        if (s.getAccounting().getCostPerJobPercentOfBaseline() != null) {
            assertThat(s.getAccounting().getCostPerJobPercentOfBaseline()).isLessThan(100.0);
        }
        List<Integer> completedSteps = E2eStack.events(Topics.ROLLOUT_EVENTS, planId).stream()
                .map(RolloutEvent::getPayload).filter(RolloutStepCompleted.class::isInstance)
                .map(p -> ((RolloutStepCompleted) p).getSpotPercent()).toList();
        assertThat(completedSteps).containsExactly(25, 50, 75, 100);
        assertThat(E2eStack.events(Topics.GATE_VERDICTS, planId)).hasSizeGreaterThanOrEqualTo(4);
        // And the plan's record replays clean: causes, approvals, one trace id, status equal to the live one
        E2eStack.assertAuditClean(planId);

        // And `spotshift savings` over every plan the suite ran on this stack prints, per service, the sums of the
        // plans' own cost accounts (read from the same migration-status log)
        // (polled: a plan's status may still gain a late sample's cost while the two are read)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofSeconds(2)).untilAsserted(() -> savingsEqualTheAccounts(s));
    }

    private static void savingsEqualTheAccounts(MigrationStatus happy) throws Exception {
        JsonNode savings = savingsJson();
        Map<String, List<PlanAccounting>> accounts = Plans.latest(E2eStack.connection(), E2eStack.quiet()).values()
                .stream().filter(p -> p.getAccounting() != null)
                .collect(Collectors.groupingBy(HappyPathIT::service,
                        Collectors.mapping(MigrationStatus::getAccounting, Collectors.toList())));
        assertThat(accounts).containsKey(service(happy));
        assertThat(savings.get("services")).hasSize(accounts.size());
        for (JsonNode row : savings.get("services")) {
            Collection<PlanAccounting> own = accounts.get(row.get("service").asText());
            assertThat(own).as("plans of service %s", row.get("service")).isNotNull();
            assertThat(row.get("plans").asInt()).isEqualTo(own.size());
            assertThat(row.get("costMicros").asLong()).isEqualTo(own.stream().mapToLong(PlanAccounting::getCostMicros).sum());
            assertThat(row.get("onDemandCostMicros").asLong())
                    .isEqualTo(own.stream().mapToLong(PlanAccounting::getOnDemandCostMicros).sum());
            assertThat(row.get("savingsMicros").asLong())
                    .isEqualTo(own.stream().mapToLong(a -> a.getOnDemandCostMicros() - a.getCostMicros()).sum());
            assertThat(row.get("jobsCompleted").asLong())
                    .isEqualTo(own.stream().mapToLong(PlanAccounting::getJobsCompleted).sum());
            assertThat(row.get("spotHours").asDouble()).isCloseTo(
                    own.stream().mapToDouble(PlanAccounting::getSpotHours).sum(), org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(savings.get("total").get("costMicros").asLong()).isEqualTo(accounts.values().stream()
                .flatMap(List::stream).mapToLong(PlanAccounting::getCostMicros).sum());
    }

    /** A plan's service as an operator names it: its workload (the plan's name or id when it has none). */
    private static String service(MigrationStatus p) {
        return p.getWorkloadName() != null ? p.getWorkloadName() : p.getPlanName() != null ? p.getPlanName() : p.getPlanId();
    }

    /** The CLI's own command, as an operator runs it, against the e2e stack's broker and registry. */
    private static JsonNode savingsJson() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // as the audit's principal: the report reads workload-metrics besides migration-status, which the catalog
        // lets the reporting reader (audit) read and the plan-submitting CLI login not
        List<String> args = new java.util.ArrayList<>(List.of("savings", "--json"));
        args.addAll(E2eStack.cliArgs(dev.spotshift.schemas.access.Principal.AUDIT));
        int code = SpotshiftCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("spotshift savings: %s", err).isZero();
        return new ObjectMapper().readTree(out.toString());
    }
}
