package dev.spotshift.executor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.executor.domain.Abort;
import dev.spotshift.executor.domain.BaselineFigures;
import dev.spotshift.executor.domain.Dedupe;
import dev.spotshift.executor.domain.Failover;
import dev.spotshift.executor.domain.GroupSnapshot;
import dev.spotshift.executor.domain.Holding;
import dev.spotshift.executor.domain.Interruption;
import dev.spotshift.executor.domain.MarketFallback;
import dev.spotshift.executor.domain.MetricTotals;
import dev.spotshift.executor.domain.PauseCondition;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.PreflightCheck;
import dev.spotshift.executor.domain.PriceHold;
import dev.spotshift.executor.domain.ProcedureStep;
import dev.spotshift.executor.domain.Progress;
import dev.spotshift.executor.domain.Readings;
import dev.spotshift.executor.domain.RollbackTrigger;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Scaling;
import dev.spotshift.executor.domain.SpotRules;
import dev.spotshift.executor.domain.SpotWatch;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.executor.domain.StepGate;
import dev.spotshift.executor.domain.StepTimings;
import dev.spotshift.executor.domain.SuccessCriteria;
import dev.spotshift.executor.domain.Timer;
import dev.spotshift.executor.domain.Unwind;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * What a restart restores from the rollout store's changelog: this format, the last state release's, and 0.1.x's
 * JSON. The state below sets every part of a rollout to something other than its default, so a part the mapping
 * forgets reads back different and fails the round trip.
 */
class RolloutStateStoreTest {

    private static final Instant T = Instant.parse("2026-01-01T02:00:00.123456789Z");

    private static final PlanSpec PLAN = new PlanSpec("plan-full", "nightly-etl", PlanSpec.Mode.SHADOW, "us-east-1",
            "etl-asg", List.of(25, 50, 100), 600_000, 300_000, 900_000, 120_000, 3_600_000, List.of(1), 1,
            "price-capacity-optimized", List.of("m5.large", "m5a.large"), "m5.xlarge", 4, "s3://backup/etl/",
            new BaselineFigures(1_000, 0.5, 2_000, 55.5, 12.5, 7, true),
            new SpotRules(4.5, 18.0, 86_400_000, 900_000, 70_000L, 0.7, 45.0, false),
            new SuccessCriteria(99.5, 8.0, 45.0, SuccessCriteria.OnMissed.KEEP),
            new StepTimings(List.of(300_000L, 600_000L, 900_000L), List.of(60_000L, 120_000L, 180_000L)),
            new Scaling(2, 8, 70.0, 300_000, 30.0, 600_000), new PlanSpec.Backup("us-east-2", "etl-asg-backup"),
            new PlanSpec.Wave(2, 3, "week-2", List.of("plan-a"), List.of("plan-c")));

    private static final PlanSpec CHANGED_PLAN = new PlanSpec("plan-full", "nightly-etl-v2", PlanSpec.Mode.LIVE,
            "eu-west-1", "etl-asg-2", List.of(10, 50, 100), 60_000, 30_000, 90_000, 12_000, 360_000, List.of(2), 2,
            "capacity-optimized", List.of("m5n.large"), "m5.2xlarge", 6, "s3://backup/etl-2/",
            new BaselineFigures(900, 0.25, 1_800, 50.5, 10.5, 3, true),
            new SpotRules(3.5, 15.0, 43_200_000, 600_000, 60_000L, 0.6, 50.0, true),
            new SuccessCriteria(99.9, 10.0, 50.0, SuccessCriteria.OnMissed.ROLLBACK),
            new StepTimings(List.of(30_000L, 60_000L, 90_000L), List.of(6_000L, 12_000L, 18_000L)),
            new Scaling(1, 4, 75.0, 60_000, 25.0, 120_000), new PlanSpec.Backup("eu-central-1", "etl-backup-2"),
            new PlanSpec.Wave(3, 3, "week-3", List.of("plan-b"), List.of("plan-d")));

    private static final Interruption INTERRUPTION = new Interruption("warn-1", "i-0abc", "m5.large", "us-east-1a",
            true, T.plusSeconds(120), "cmd-checkpoint", "s3://backup/etl/i-0abc",
            new Interruption.Checkpoint("s3://backup/etl/i-0abc/ck", 2_048, "ab12cd"), "checksum mismatch",
            new Interruption.Replacement("i-0def", "m5a.large", "us-east-1b", true), true, true);

    private static final Failover FAILOVER = new Failover(Failover.Phase.ACTIVE, "us-east-2", "etl-asg-backup", 1, 50,
            List.of("cmd-f1", "cmd-f2"), T.plusSeconds(30), "every pool of us-east-1 stormed", 1, 2,
            new GroupSnapshot(1, 2, 1, true, 1, 100, "capacity-optimized", "0.04", "prioritized", "lt-b", "backup-tpl",
                    "$Latest", List.of("m5.large")));

    private static final SpotWatch SPOT = new SpotWatch(List.of(INTERRUPTION), 3,
            new MarketFallback(List.of("m5.large/us-east-1a@1767225600000"), List.of("m5n.large"), T.plusSeconds(40), 1,
                    T.plusSeconds(50)),
            new PriceHold(T.plusSeconds(60), T.plusSeconds(70), RollbackTrigger.COST_EFFICIENCY), 2, FAILOVER);

    static final RolloutState FULL = new RolloutState(PLAN, "decision-1", PLAN.stepsHash(), CHANGED_PLAN,
            new Progress(Stage.PAUSED, T, 1, 50), new StepGate(2, T.plusMillis(1), "verdict-7", 2),
            new Holding(List.of(new PauseCondition(PauseCondition.Reason.KILL_SWITCH, "kill switch engaged",
                    T.plusSeconds(2))), Stage.SHIFTING, new Abort(T.plusSeconds(3), "alice", "incident 42"), true),
            List.of(new Timer(Timer.Kind.FAILOVER, T.plusSeconds(4), "cause-3", 1)),
            new Dedupe(List.of("event-1", "event-2"), List.of("cmd-9"), 42, "event-42"),
            new Readings(List.of(PreflightCheck.passed(PreflightCheck.BACKUP_TARGET_WRITABLE,
                    "s3://backup/etl/ writable")), true, new MetricTotals(10, 9, 1, 9_000, 512.5, 300_000, 900_000,
                    600_000, 1), new BaselineFigures(1_100, 0.75, 2_100, 60.5, 11.5, 12, true),
                    new GroupSnapshot(1, 6, 3, true, 1, 50, "capacity-optimized", "0.05", "prioritized", "lt-1",
                            "etl-template", "7", List.of("m5.large", "m5a.large"))),
            SPOT,
            new Unwind(Stage.ROLLED_BACK, "error rate breached", T.plusSeconds(5), 3, "throttled",
                    List.of(new ProcedureStep(ProcedureStep.PAUSE_SPOT_FLEET, 1_200, 5_000, "spot paused")), true),
            List.of("plan-a"));

    private final Serde<RolloutState> serde = StateSerde.rollouts();

    @Test
    void theFullyPopulatedStateSetsEveryPartOfARollout() {
        // A part added to the domain with a constructor that defaults it would go unnoticed by the round trip
        assertThat(unset(FULL, "state")).as("parts of the test state left at their default").isEmpty();
    }

    @Test
    void aFullyPopulatedRolloutStateRoundTripsExactlyToTheNanosecond() {
        // When the state is written to the store and read back
        byte[] bytes = serde.serializer().serialize("t", FULL);

        // Then it is single-object Avro and reads back equal, part for part
        assertThat(dev.spotshift.schemas.state.StateSerde.singleObject(bytes)).isTrue();
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(FULL);
    }

    @Test
    void aFreshlyApprovedStateRoundTripsWithItsEmptyParts() {
        RolloutState initial = RolloutState.initial(PLAN, "decision-1", T);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", initial)))
                .isEqualTo(initial);
    }

    @Test
    void aRolloutStateWrittenWithThePreviousReleasedStateSchemaReadsWithTheCurrentOne() throws Exception {
        // Given the state as the latest state release's writer stored it
        byte[] asReleased = dev.spotshift.schemas.state.StateSchemas.writtenByLatestRelease(RolloutStateMapping.toState(FULL));

        // Then the current code reads the same state; a failover's sizing, which the release did not store, is
        // read as none (its fail-back then sets the backup's share to 0 % as that release did)
        RolloutState read = serde.deserializer().deserialize("t", asReleased);
        assertThat(read).usingRecursiveComparison()
                .ignoringFields("spot.failover.instances", "spot.failover.backupBefore").isEqualTo(FULL);
        assertThat(read.spot().failover().instances()).isZero();
        assertThat(read.spot().failover().backupBefore()).isNull();
    }

    @Test
    void aRolloutStateThe01xJsonStoredStillReadsAndIsRewrittenInTheStateFormat() {
        // Given the state as 0.1.x stored it (Jackson, ISO instants)
        byte[] legacy = LegacyJson.bytes(FULL);

        // When it is read, and written again as the processor's next write of the plan does
        RolloutState read = serde.deserializer().deserialize("t", legacy);
        byte[] rewritten = serde.serializer().serialize("t", read);

        // Then it reads the same state, and its next write is in the state format
        assertThat(read).isEqualTo(FULL);
        assertThat(dev.spotshift.schemas.state.StateSerde.singleObject(rewritten)).isTrue();
        assertThat(serde.deserializer().deserialize("t", rewritten)).isEqualTo(FULL);
    }

    /** Paths of the parts of {@code value} (records of the domain, recursively) that hold a default. */
    private static List<String> unset(Object value, String path) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            out.add(path + " is null");
        } else if (value instanceof Number n && n.doubleValue() == 0.0) {
            out.add(path + " is 0");
        } else if (value instanceof String s && s.isEmpty()) {
            out.add(path + " is empty");
        } else if (value instanceof Collection<?> c) {
            if (c.isEmpty()) {
                out.add(path + " is empty");
            }
            c.forEach(e -> out.addAll(unset(e, path + "[]")));
        } else if (value instanceof Record r) {
            for (RecordComponent part : r.getClass().getRecordComponents()) {
                try {
                    Object v = part.getAccessor().invoke(r);
                    if (part.getType() == boolean.class && !(Boolean) v) {
                        out.add(path + "." + part.getName() + " is false"); // a Boolean's default is null
                    }
                    out.addAll(unset(v, path + "." + part.getName()));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
