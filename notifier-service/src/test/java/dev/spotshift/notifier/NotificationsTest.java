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
}
