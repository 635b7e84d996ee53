package dev.spotshift.coordinator.domain;

import static dev.spotshift.coordinator.domain.SeedPlans.assessed;
import static dev.spotshift.coordinator.domain.SeedPlans.measuredBaseline;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.events.Thresholds;
import dev.spotshift.events.VoteVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceAgentTest {

    private final PerformanceAgent agent = new PerformanceAgent(InstanceCatalog.standard());

    @Test
    void approvesSeedPilotWhenEveryCandidateStaysWithinBaselinePlusFivePercent() {
        // Given the seed pilot: m5.large today, m5/m5a/m5n.large as candidates, a measured baseline
        MigrationPlan plan = pilotPlan().build();

        // When the performance agent judges it
        Opinion o = agent.assess(assessed(plan));

        // Then it approves all three, with high but not full confidence (m5a is an estimate across vendors)
        assertThat(o.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(o.recommendedInstanceTypes()).containsExactly("m5.large", "m5a.large", "m5n.large");
        assertThat(o.confidence()).isBetween(0.7, 0.9);
        assertThat(o.reasons()).extracting(Reason::getCode).startsWith("PERFORMANCE_WITHIN_THRESHOLD")
                .contains("ESTIMATE_ACROSS_FAMILIES");
        assertThat(o.evidence()).containsEntry("m5a.large.expectedIncreasePercent", 4.2)
                .containsEntry("m5a.large.expectedJobCompletionMillis", 1_875_000.0)
                .containsEntry("threshold.pilotIncreasePercent", 5.0);
    }

    @Test
    void leavesOutACandidateJustOverThePilotThresholdAndKeepsOneJustUnder() {
        // Given m5a.large is expected about 4.17 % slower than m5.large
        Opinion under = agent.assess(assessed(withPilotThreshold(4.2)));
        Opinion over = agent.assess(assessed(withPilotThreshold(4.1)));

        // Then at +4.2 % it is kept, at +4.1 % it is left out with a readable reason
        assertThat(under.recommendedInstanceTypes()).contains("m5a.large");
        assertThat(over.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(over.recommendedInstanceTypes()).containsExactly("m5.large", "m5n.large");
        assertThat(over.reasons()).filteredOn(r -> r.getCode().equals("CANDIDATE_TOO_SLOW"))
                .singleElement().extracting(Reason::getMessage).asString()
                .contains("m5a.large", "4.2 % longer", "+4 %", "within the +10 % validation criterion");
    }

    @Test
    void rejectsWhenNoCandidateFitsThePilotThreshold() {
        // Given a compute-optimised workload asked to move to general-purpose types
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setCurrentInstanceType("c5.large");

        // When judged
        Opinion o = agent.assess(assessed(plan));

        // Then it rejects, as sure as its measured baseline allows
        assertThat(o.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(o.confidence()).isEqualTo(0.95);
        assertThat(o.recommendedInstanceTypes()).isEmpty();
        assertThat(o.reasons().get(0).getCode()).isEqualTo("NO_CANDIDATE_WITHIN_THRESHOLD");
        assertThat(o.evidence()).containsEntry("m5.large.expectedIncreasePercent", 10.0);
    }

    @Test
    void leavesOutAFasterCandidateWithLessMemory() {
        // Given c5.large (faster, but 4 GiB) as a candidate for an m5.large (8 GiB) workload
        MigrationPlan plan = pilotPlan().build();
        plan.getSpot().setInstanceTypes(List.of("m5.large", "c5.large"));

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.recommendedInstanceTypes()).containsExactly("m5.large");
        assertThat(o.reasons()).extracting(Reason::getCode).contains("CANDIDATE_MEMORY_TOO_SMALL");
    }

    @Test
    void leavesOutACandidateThatWouldPushCpuOverTheLimit() {
        // Given the workload already runs at 78 % CPU on m5.large
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setBaseline(measuredBaseline().setCpuUtilisationPercent(78.0).build());

        Opinion o = agent.assess(assessed(plan));

        // Then m5a.large (about 81 %) is left out
        assertThat(o.recommendedInstanceTypes()).containsExactly("m5.large", "m5n.large");
        assertThat(o.reasons()).extracting(Reason::getCode).contains("CANDIDATE_CPU_SATURATED");
    }

    @Test
    void isLessConfidentWithWeakerEvidenceForTheBaseline() {
        MigrationPlan measured = pilotPlan().build();
        MigrationPlan fewSamples = pilotPlan().build();
        fewSamples.getWorkload().setBaseline(measuredBaseline().setSamples(5).build());
        MigrationPlan declared = pilotPlan().build();
        declared.getWorkload().setBaseline(measuredBaseline().setMeasured(false).setSamples(0).build());
        MigrationPlan none = pilotPlan().build();
        none.getWorkload().setBaseline(null);

        double c1 = agent.assess(assessed(measured)).confidence();
        double c2 = agent.assess(assessed(fewSamples)).confidence();
        double c3 = agent.assess(assessed(declared)).confidence();
        Opinion noBaseline = agent.assess(assessed(none));

        assertThat(c1).isGreaterThan(c2);
        assertThat(c2).isGreaterThan(c3);
        assertThat(c3).isGreaterThan(noBaseline.confidence());
        assertThat(noBaseline.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(noBaseline.reasons()).extracting(Reason::getCode).contains("NO_BASELINE");
    }

    @Test
    void rejectsWhenTheCurrentTypeIsNotInTheCatalog() {
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setCurrentInstanceType("x9.mega");

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(o.confidence()).isEqualTo(0.5);
        assertThat(o.reasons().get(0).getCode()).isEqualTo("CURRENT_TYPE_UNKNOWN");
    }

    private static MigrationPlan withPilotThreshold(double percent) {
        return pilotPlan().setThresholds(Thresholds.newBuilder().setGateProcessingTimeIncreasePercent(percent).build()).build();
    }
}
