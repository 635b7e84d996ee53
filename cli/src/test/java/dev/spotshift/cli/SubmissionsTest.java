package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.plan.ParsedPlans;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionsTest {

    static final Path VALID = Path.of("src/test/resources/plans/valid.yaml");
    static final Path INVALID = Path.of("src/test/resources/plans/invalid.yaml");
    private final Clock clock = Clock.fixed(Instant.parse("2025-01-01T02:00:00Z"), ZoneOffset.UTC);

    private List<MigrationPlanSubmitted> submit(String key) {
        return Submissions.of(PlanFile.read(VALID), key, "ops", SubmissionChannel.CLI, "valid.yaml", clock);
    }

    @Test
    void givesTheSamePlanIdsForTheSameIdempotencyKey() {
        assertThat(submit("nightly-2025-01-01").get(0).getEnvelope().getPlanId())
                .isEqualTo(submit("nightly-2025-01-01").get(0).getEnvelope().getPlanId())
                .startsWith("demo-nightly-etl.nightly-etl-batch.");
    }

    @Test
    void givesANewMigrationForEverySubmissionWithoutAKey() {
        assertThat(submit(null).get(0).getEnvelope().getPlanId()).isNotEqualTo(submit(null).get(0).getEnvelope().getPlanId());
    }

    @Test
    void marksTheSubmissionAsTheFirstEventOfItsPlan() {
        MigrationPlanSubmitted e = submit("k").get(0);
        assertThat(e.getEnvelope().getCausationId()).isNull();
        assertThat(e.getEnvelope().getOccurredAt()).isEqualTo(Instant.parse("2025-01-01T02:00:00Z"));
        assertThat(e.getIdempotencyKey()).isEqualTo("k");
        assertThat(e.getPlan().getRollout().getStepsPercent()).containsExactly(25, 50, 75, 100);
    }

    @Test
    void refusesToSubmitAnInvalidPlan() {
        ParsedPlans invalid = PlanFile.read(INVALID);
        assertThatThrownBy(() -> Submissions.of(invalid, null, "ops", SubmissionChannel.CLI, "x", clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
