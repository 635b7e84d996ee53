package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReaperTopologyTest {

    private static final Duration EVERY = Duration.ofSeconds(30);

    private TopologyFixture executor;

    @AfterEach
    void close() {
        executor.close();
    }

    private InstanceInfo spotFor(String planId) {
        return executor.cloud.capacity().launch(new LaunchRequest(ContractEvents.REGION, null, ContractEvents.TYPES,
                Lifecycle.SPOT, planId, Map.of(), java.util.UUID.randomUUID().toString(), "test-deployment"));
    }

    private boolean running(InstanceInfo i) {
        return executor.cloud.capacity().describeInstances(ContractEvents.REGION, List.of(i.instanceId())).get(0)
                .isActive();
    }

    @Test
    void orphanOfAnUnknownPlanIsTerminatedAndReportedWhileAnActivePlansInstanceIsUntouched() {
        // Given a running plan and tagged spot instances of it and of a plan no executor knows
        executor = new TopologyFixture(new ReaperSettings(EVERY, false, Duration.ofSeconds(10),
                List.of(ContractEvents.REGION), 1));
        executor.send(Topics.MIGRATION_DECISIONS, "plan-live", approved("plan-live", executor.now, 600_000, 300_000,
                600_000, 0, "s3://backup-bucket/spot-state/"));
        InstanceInfo active = spotFor("plan-live");
        InstanceInfo orphan = spotFor("plan-gone");

        // When a reaper pass runs
        executor.advance(EVERY);

        // Then the orphan is terminated and announced, the plan's own instance still runs, nothing is left orphaned
        assertThat(running(orphan)).isFalse();
        assertThat(running(active)).isTrue();
        assertThat(executor.payloads(SpotCapacityReaped.class)).singleElement().satisfies(r -> {
            assertThat(r.getInstanceId()).isEqualTo(orphan.instanceId());
            assertThat(r.getTerminated()).isTrue();
            assertThat(r.getPlanKnown()).isFalse();
        });
        assertThat(executor.metrics.orphanedSpotInstances()).isZero();
    }

    @Test
    void dryRunReportsTheOrphanAndLeavesItRunning() {
        // Given the reaper in dry-run and a tagged spot instance of an unknown plan
        executor = new TopologyFixture(new ReaperSettings(EVERY, true, Duration.ofSeconds(10),
                List.of(ContractEvents.REGION), 1));
        InstanceInfo orphan = spotFor("plan-gone");

        // When a reaper pass runs
        executor.advance(EVERY);

        // Then it is reported, not terminated, and counted as orphaned
        assertThat(running(orphan)).isTrue();
        assertThat(executor.payloads(SpotCapacityReaped.class)).singleElement()
                .satisfies(r -> assertThat(r.getTerminated()).isFalse());
        assertThat(executor.metrics.orphanedSpotInstances()).isEqualTo(1);
    }
}
