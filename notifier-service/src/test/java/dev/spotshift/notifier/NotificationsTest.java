package dev.spotshift.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import dev.spotshift.notifier.domain.Notification;
import dev.spotshift.notifier.domain.StageChanges;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationsTest {

    private static final Notification.Origin AT = new Notification.Origin(dev.spotshift.schemas.Topics.MIGRATION_STATUS.name(), 0, 7);

    private static MigrationStatus status(MigrationStage stage, int spot, String lastEventId) {
        return MigrationStatus.newBuilder().setPlanId("p1").setWorkloadName("nightly-etl").setStage(stage)
                .setTerminal(stage == MigrationStage.ROLLED_BACK).setSpotPercent(spot).setUpdatedAt(Instant.EPOCH)
                .setLastEventId(lastEventId)
                .setReasons(stage == MigrationStage.ROLLED_BACK
                        ? List.of(Reason.newBuilder().setCode("ERROR_RATE").setMessage("error rate 2 % > 0.01 %").build())
                        : List.of())
                .build();
    }

    @Test
    void aStatusIsNewsOnlyWhenThePlansStageChanges() {
        Notifications n = new Notifications(new StageChanges());

        Optional<Notification> first = n.of(status(MigrationStage.SHIFTING, 25, "e1"), AT);
        Optional<Notification> nextStep = n.of(status(MigrationStage.SHIFTING, 50, "e2"), AT);
        Optional<Notification> rolledBack = n.of(status(MigrationStage.ROLLED_BACK, 0, "e3"), AT);

        assertThat(first).isPresent();
        assertThat(nextStep).isEmpty();
        assertThat(rolledBack).get().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Notification.Kind.STATUS);
            assertThat(x.headline()).contains("ROLLED_BACK", "error rate 2 %");
            assertThat(x.details()).containsEntry("workload", "nightly-etl").containsEntry("terminal", true);
        });
        // the workload learned from the status routes the plan's other news
        assertThat(n.workload("p1")).contains("nightly-etl");
    }

    @Test
    void aRecordOfATypeTheNotifierDoesNotReadIsRefusedSoItBecomesADeadLetter() {
        Notifications n = new Notifications(new StageChanges());

        assertThatThrownBy(() -> n.of("not an event", AT)).hasMessageContaining("not an event the notifier reads");
    }

    private static MigrationStatus withBudget(MigrationStatus s, dev.spotshift.events.BudgetState state, String eventId) {
        return MigrationStatus.newBuilder(s).setLastEventId(eventId).setBudget(dev.spotshift.events.BudgetStanding.newBuilder()
                .setState(state).setCurrency("USD").setSpentMicros(850_000).setPerHourMicros(400_000)
                .setMaxTotalMicros(1_000_000L).setReason("spent $0.85, at 85 % of the total cap of $1").build()).build();
    }

    @Test
    void aBudgetReachingItsWarningLevelIsAReviewSignalOnce() {
        Notifications n = new Notifications(new StageChanges());
        MigrationStatus shifting = status(MigrationStage.SHIFTING, 25, "e1");
        n.of(shifting, AT);

        Optional<Notification> within = n.of(withBudget(shifting, dev.spotshift.events.BudgetState.WITHIN, "s1"), AT);
        Optional<Notification> warning = n.of(withBudget(shifting, dev.spotshift.events.BudgetState.WARNING, "s2"), AT);
        Optional<Notification> again = n.of(withBudget(shifting, dev.spotshift.events.BudgetState.WARNING, "s3"), AT);

        assertThat(within).isEmpty();
        assertThat(again).isEmpty();
        assertThat(warning).get().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Notification.Kind.BUDGET);
            assertThat(x.headline()).contains("nears its budget", "85 % of the total cap");
            assertThat(x.details()).containsEntry("spentMicros", 850_000L).containsEntry("maxTotalMicros", 1_000_000L);
        });
    }

    @Test
    void aHoldAtTheBudgetCapIsBudgetNewsWithItsEvidence() {
        dev.spotshift.events.RollbackCommand hold = dev.spotshift.events.RollbackCommand.newBuilder()
                .setEnvelope(dev.spotshift.schemas.Envelopes.next("p1", "monitor-service/test", null,
                        java.time.Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC)))
                .setCommandId("p1:BUDGET_CAP:0").setLevel(dev.spotshift.events.RollbackLevel.HOLD)
                .setTrigger(dev.spotshift.events.RollbackTrigger.BUDGET_CAP).setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.EPOCH).setMeasurements(List.of())
                .setReason("budget cap crossed: spending $0.72/h, over the hourly cap of $0.36").build();

        Notification x = Notifications.rollback(hold, AT);

        assertThat(x.kind()).isEqualTo(Notification.Kind.BUDGET);
        assertThat(x.headline()).contains("plan held where it is", "over the hourly cap of $0.36");
        assertThat(x.details()).containsEntry("level", "HOLD").containsEntry("trigger", "BUDGET_CAP");
    }
}
