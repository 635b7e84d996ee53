package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static dev.spotshift.executor.streams.ContractEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutResumed;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StormTopologyTest {

    private static final String PLAN = "plan-storm";

    private final TopologyFixture executor = new TopologyFixture();

    @AfterEach
    void close() {
        executor.close();
    }

    private void atFiftyPercent() {
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, executor.now, 10_000, 5_000, 3_000, 60_000,
                "s3://backup-bucket/spot-state/"));
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        executor.advance(Duration.ofSeconds(8));
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, 0, GateResult.PASS));
        executor.advance(Duration.ofSeconds(5));
        assertThat(executor.payloads(RolloutStepStarted.class)).hasSize(2);
    }

    private void warn(int n, String type) {
        executor.send(Topics.SPOT_INTERRUPTIONS, PLAN, SpotEvents.warning(PLAN, executor.now, "i-" + n, type,
                "us-east-1a"));
    }

    private java.util.List<String> groupTypes() {
        return executor.cloud.capacity().describeGroup(ContractEvents.REGION, ContractEvents.GROUP).instanceTypes();
    }

    @Test
    void stormInOnePoolMovesTheGroupToTheOtherTypesAtTheSameShare() {
        // Given a plan at 50 % spot on three types
        atFiftyPercent();

        // When m5.large's pool gets two warnings
        warn(1, "m5.large");
        warn(2, "m5.large");

        // Then the group's policy no longer lists m5.large and stays at 50 % spot
        assertThat(groupTypes()).containsExactly("m5a.large", "m5n.large");
        assertThat(executor.onDemandPercentAboveBase()).isEqualTo(50);
        assertThat(executor.payloads(RolledBack.class)).isEmpty();
    }

    @Test
    void stormInEveryPoolRollsBackToOnDemandWithTheReasonAndHolds() {
        // Given a plan at 50 % spot on three types
        atFiftyPercent();

        // When every type's pool storms
        int n = 0;
        for (String type : ContractEvents.TYPES) {
            warn(n++, type);
            warn(n++, type);
        }

        // Then the group is all on-demand, the rollback says why, and the plan holds (resumable)
        assertThat(executor.onDemandPercentAboveBase()).isEqualTo(100);
        assertThat(executor.payloads(RolledBack.class)).singleElement().satisfies(r -> {
            assertThat(r.getTrigger()).isEqualTo(RollbackTrigger.INTERRUPTION_STORM);
            assertThat(r.getLevel()).isEqualTo(RollbackLevel.PHASE);
            assertThat(r.getReason()).contains("every pool");
        });
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.PAUSED);
    }

    @Test
    void afterTheStormLeavesTheWindowAndTheHoldDownPassesThePlanReturnsToSpotOnce() {
        // Given every pool stormed at 50 % and the plan fell back to on-demand
        atFiftyPercent();
        int n = 0;
        for (String type : ContractEvents.TYPES) {
            warn(n++, type);
            warn(n++, type);
        }

        // When the simulated market stays calm past the storm window (10 min) and the plan's hold-down (15 min)
        executor.advance(Duration.ofMinutes(30));

        // Then the plan resumed once, by return-to-spot, re-running its last good step on the calm types
        assertThat(executor.payloads(RolloutResumed.class)).singleElement()
                .satisfies(r -> assertThat(r.getBy()).startsWith("return-to-spot"));
        assertThat(executor.payloads(RolloutStepStarted.class)).last()
                .satisfies(s -> assertThat(s.getStepIndex()).isZero());
        assertThat(groupTypes()).isNotEmpty().isSubsetOf(ContractEvents.TYPES);
    }
}
