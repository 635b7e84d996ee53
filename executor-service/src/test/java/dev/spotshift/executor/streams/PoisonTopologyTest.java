package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No single record stops the executor: what names no plan is a dead letter with why, and the others go on. */
class PoisonTopologyTest {

    private final TopologyFixture executor = new TopologyFixture();

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void aKeylessDecisionATombstoneAndGarbageAreDeadLettersAndAnotherPlanStillSteps() {
        // Given a decision without a key, a tombstone and bytes that are no event on the decisions topic
        MigrationDecision decision = approved("plan-keyless", executor.now, 10_000, 5_000, 3_000, 60_000,
                "s3://backup-bucket/spot-state/");
        byte[] bytes = PlainAvroSerde.of(MigrationDecision.class).serializer()
                .serialize(Topics.MIGRATION_DECISIONS.name(), decision);
        executor.sendRaw(Topics.MIGRATION_DECISIONS, null, bytes);
        executor.sendRaw(Topics.MIGRATION_DECISIONS, "plan-tombstone", null);
        executor.sendRaw(Topics.MIGRATION_DECISIONS, "plan-garbage", new byte[] {42, 0, 7});

        // When another plan is approved
        executor.send(Topics.MIGRATION_DECISIONS, "plan-ok", approved("plan-ok", executor.now, 10_000, 5_000, 3_000,
                60_000, "s3://backup-bucket/spot-state/"));
        executor.send(Topics.WORKLOAD_METRICS, "plan-ok", metric("plan-ok", executor.now));
        executor.advance(Duration.ofSeconds(3));

        // Then each poison record is a dead letter with its reason, and the good plan took its first step
        List<DeadLetter> letters = executor.deadLetters();
        assertThat(letters).hasSize(3).allSatisfy(d -> assertThat(d.getReason()).isNotBlank());
        assertThat(letters).anySatisfy(d -> assertThat(d.getReason()).contains("no key"));
        assertThat(executor.payloads(RolloutStepStarted.class)).hasSize(1);
    }
}
