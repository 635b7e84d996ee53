package dev.spotshift.coordinator.domain;

import static dev.spotshift.coordinator.domain.SeedPlans.assessed;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.events.VoteVerdict;
import org.junit.jupiter.api.Test;

class ApplicationAgentTest {

    private final ApplicationAgent agent = new ApplicationAgent();

    @Test
    void approvesACheckpointingBatchThatShutsDownWithinTheNotice() {
        Opinion o = agent.assess(assessed(pilotPlan().build()));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.APPROVE);
        // periodic checkpoints every 5 min are longer than the notice: a caution, not a blocker
        assertThat(o.confidence()).isEqualTo(0.855);
        assertThat(o.reasons()).extracting(Reason::getCode)
                .containsExactly("SURVIVES_INTERRUPTION", "CHECKPOINT_INTERVAL_EXCEEDS_NOTICE");
        assertThat(o.reasons().get(0).getMessage()).contains("s3://backup-bucket/spot-state/");
    }

    @Test
    void rejectsAWorkloadWithARealTimeRequirement() {
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setRealTimeRequirement(true);

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(o.confidence()).isEqualTo(0.95);
        assertThat(o.reasons().get(0).getCode()).isEqualTo("REAL_TIME_REQUIREMENT");
    }

    @Test
    void rejectsAWorkloadThatIsNotInterruptionTolerant() {
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setInterruptionTolerant(false);

        assertThat(agent.assess(assessed(plan)).reasons().get(0).getCode()).isEqualTo("NOT_INTERRUPTION_TOLERANT");
    }

    @Test
    void rejectsAStatefulWorkloadWithoutAnS3CheckpointLocation() {
        MigrationPlan plan = pilotPlan().build();
        plan.getCheckpoint().setLocation("/var/lib/etl/state");

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(o.reasons().get(0).getCode()).isEqualTo("CHECKPOINT_LOCATION_MISSING");
    }

    @Test
    void acceptsAStatelessWorkloadWithoutACheckpointLocation() {
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setStateless(true);
        plan.getCheckpoint().setLocation(null);

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(o.reasons()).extracting(Reason::getCode).contains("STATELESS");
    }

    @Test
    void judgesGracefulShutdownAgainstTheTwoMinuteNotice() {
        Opinion withMargin = agent.assess(assessed(shutdownMillis(110_000)));
        Opinion noMargin = agent.assess(assessed(shutdownMillis(120_000)));
        Opinion tooLong = agent.assess(assessed(shutdownMillis(120_001)));

        assertThat(withMargin.reasons()).extracting(Reason::getCode).doesNotContain("SHUTDOWN_NO_MARGIN");
        assertThat(noMargin.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(noMargin.reasons()).extracting(Reason::getCode).contains("SHUTDOWN_NO_MARGIN");
        assertThat(noMargin.confidence()).isLessThan(withMargin.confidence());
        assertThat(tooLong.verdict()).isEqualTo(VoteVerdict.REJECT);
        assertThat(tooLong.reasons().get(0).getCode()).isEqualTo("SHUTDOWN_EXCEEDS_NOTICE");
    }

    @Test
    void isLessConfidentWithoutABackupRegion() {
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setBackupRegion(null);

        Opinion o = agent.assess(assessed(plan));

        assertThat(o.verdict()).isEqualTo(VoteVerdict.APPROVE);
        assertThat(o.reasons()).extracting(Reason::getCode).contains("NO_BACKUP_REGION");
        assertThat(o.confidence()).isLessThan(0.855);
    }

    private static MigrationPlan shutdownMillis(long millis) {
        MigrationPlan plan = pilotPlan().build();
        plan.getCheckpoint().setGracefulShutdownMillis(millis);
        return plan;
    }
}
