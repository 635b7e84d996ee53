package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static dev.spotshift.monitor.streams.Events.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.BudgetState;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.SpendCap;
import dev.spotshift.schemas.Topics;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetTopologyTest {

    private static final String PLAN = "plan-budget";
    private static final long T0 = 1_700_000_000_000L;
    private MonitorDriver monitor;

    @BeforeEach
    void start() throws Exception {
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0));
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
    }

    private void liveWithCap(SpendCap cap) {
        MigrationDecision approved = Events.approved(PLAN, T0, shortThresholds());
        approved.getPlan().setBudget(cap);
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved, T0);
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, stepStarted(PLAN, T0 + 1_000, 0, 0, 25, T0 + 60_000), T0 + 1_000);
    }

    @Test
    void aPlanSpendingMoreThanItsHourlyCapIsOrderedToHoldOnceAndItsStatusSaysWhy() {
        // Given a cap of $1/h and capacity costing 825 micro-USD a second ($2.97/h)
        liveWithCap(SpendCap.newBuilder().setMaxPerHourMicros(1_000_000L).build());

        // When three samples arrive
        for (int i = 2; i <= 4; i++) {
            monitor.publish(Topics.WORKLOAD_METRICS, PLAN, healthy(PLAN, T0 + i * 1_000L, 25), T0 + i * 1_000L);
        }

        // Then one hold is ordered, with the figures, and the status carries the standing at once
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).singleElement().satisfies(c -> {
            assertThat(c.getLevel()).isEqualTo(RollbackLevel.HOLD);
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.BUDGET_CAP);
            assertThat(c.getReason()).contains("spending $2.97/h, over the hourly cap of $1");
            assertThat(c.getMeasurements()).singleElement().satisfies(m -> {
                assertThat(m.getMetric()).isEqualTo("spend_per_hour_micros");
                assertThat(m.getPassed()).isFalse();
            });
        });
        MigrationStatus status = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(status.getBudget().getState()).isEqualTo(BudgetState.CAPPED);
        assertThat(status.getBudget().getMaxPerHourMicros()).isEqualTo(1_000_000L);
        assertThat(status.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo("ROLLBACK_ORDERED_BUDGET_CAP");
            assertThat(r.getMessage()).startsWith("hold ordered: budget cap crossed");
        });
    }

    @Test
    void aPlanWithinItsCapGetsNoOrderButAStanding() {
        liveWithCap(SpendCap.newBuilder().setMaxTotalMicros(1_000_000L).build());

        monitor.publish(Topics.WORKLOAD_METRICS, PLAN, healthy(PLAN, T0 + 2_000, 25), T0 + 2_000);

        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
        monitor.advanceWallClock(java.time.Duration.ofSeconds(10));
        MigrationStatus status = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(status.getBudget().getState()).isEqualTo(BudgetState.WITHIN);
        assertThat(status.getBudget().getSpentMicros()).isEqualTo(825L);
    }
}
