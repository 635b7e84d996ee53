package dev.spotshift.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cli.PlanFile;
import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoWorldTest {

    @Test
    void givesEveryServiceTheDemoWorkloadsGroupOnItsCurrentAndCandidateTypes() {
        // Given the demo plan
        var plans = PlanFile.read(Path.of("../examples/demo/demo-nightly-etl.yaml")).plans();
        // When the simulated world is derived from it
        var config = DemoStack.worldFor(plans);
        // Then its Auto Scaling group exists, on-demand, at the plan's target capacity, and so does the backup
        // region's group the plan names for a failover
        assertThat(config).containsEntry(CloudFactory.SIM_GROUPS,
                "us-east-1/nightly-etl-batch/m5.large+m5a.large+m5n.large/4,"
                        + "us-east-2/nightly-etl-batch-backup/m5.large+m5a.large+m5n.large/4");
    }

    @Test
    void waitsForAnOperatorOnlyWhenGradualRollbacksHaveStepped() {
        MigrationStatus held = MigrationStatus.newBuilder().setPlanId("p").setStage(MigrationStage.PAUSED).setTerminal(false)
                .setSpotPercent(0).setRollbacks(3).setStepsPercent(List.of(25, 50, 75, 100))
                .setUpdatedAt(Instant.EPOCH).setLastEventId("e").build();
        assertThat(ScenarioEnd.heldOnOnDemand(held)).isTrue();
        assertThat(ScenarioEnd.heldOnOnDemand(MigrationStatus.newBuilder(held).setSpotPercent(25).build())).isFalse();
        assertThat(ScenarioEnd.heldOnOnDemand(MigrationStatus.newBuilder(held).setRollbacks(0).build())).isFalse();
        assertThat(ScenarioEnd.heldOnOnDemand(null)).isFalse();
    }
}
