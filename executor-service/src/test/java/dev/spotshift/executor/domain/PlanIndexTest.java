package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The punctuator's index must always answer what a scan of every stored state would. */
class PlanIndexTest {

    private static final Instant T0 = RolloutScenario.T0;
    private static final PlanSpec PLAN = Plans.pilot();

    private final PlanIndex index = new PlanIndex();

    /** A stored state with the given stage, timers due at {@code dueSeconds} after T0, and kill switch flag. */
    private static RolloutState state(Stage stage, boolean killSwitchEngaged, long... dueSeconds) {
        List<Timer> timers = new ArrayList<>();
        for (long s : dueSeconds) {
            timers.add(new Timer(Timer.Kind.NEXT_STEP, T0.plusSeconds(s), "cause", 0));
        }
        return new RolloutState(PLAN, "d", PLAN.stepsHash(), null, new Progress(stage, T0, -1, 0), StepGate.NONE,
                new Holding(List.of(), null, null, killSwitchEngaged), timers, Dedupe.NONE, Readings.NONE, null, null,
                null);
    }

    /** What the punctuator used to compute: every stored state decoded and tested, in key order. */
    private static List<String> scan(Map<String, RolloutState> store, Instant now, boolean engaged) {
        return new java.util.TreeMap<>(store).entrySet().stream().filter(kv -> {
            RolloutState s = kv.getValue();
            boolean timerDue = s.nextDueAt().filter(at -> !at.isAfter(now)).isPresent();
            return !s.stage().terminal() && (timerDue || s.killSwitchEngaged() != engaged);
        }).map(Map.Entry::getKey).toList();
    }

    @Test
    void onlyPlansWhoseEarliestTimerIsDueAreDueInKeyOrder() {
        index.put("c", state(Stage.SHIFTING, false, 5));
        index.put("a", state(Stage.SHIFTING, false, 30, 2));
        index.put("b", state(Stage.BASELINE, false, 10));
        index.put("d", state(Stage.SHIFTING, false));

        assertThat(index.due(T0.plusSeconds(1), false)).isEmpty();
        assertThat(index.due(T0.plusSeconds(2), false)).containsExactly("a");
        assertThat(index.due(T0.plusSeconds(5), false)).containsExactly("a", "c");
        assertThat(index.due(T0.plusSeconds(60), false)).containsExactly("a", "b", "c");
    }

    @Test
    void aSavedStateReplacesThePlansTimerSoTheOldDueTimeNoLongerFires() {
        index.put("a", state(Stage.SHIFTING, false, 5));
        index.put("a", state(Stage.SHIFTING, false, 20));

        assertThat(index.due(T0.plusSeconds(10), false)).isEmpty();
        assertThat(index.due(T0.plusSeconds(20), false)).containsExactly("a");

        index.put("a", state(Stage.SHIFTING, false));
        assertThat(index.due(T0.plusSeconds(60), false)).isEmpty();
    }

    @Test
    void terminalPlansAreNeverDueButStillCountInTheirStage() {
        index.put("a", state(Stage.SHIFTING, false, 5));
        index.put("a", state(Stage.ROLLED_BACK, false, 5));
        index.put("b", state(Stage.COMPLETED, false));

        assertThat(index.due(T0.plusSeconds(60), false)).isEmpty();
        assertThat(index.due(T0.plusSeconds(60), true)).isEmpty();
        assertThat(index.stages()).containsExactlyInAnyOrderEntriesOf(Map.of(Stage.ROLLED_BACK, 1L, Stage.COMPLETED, 1L));
    }

    @Test
    void aKillSwitchChangeMakesEveryLivePlanThatHasNotFollowedItDue() {
        index.put("a", state(Stage.SHIFTING, false));
        index.put("b", state(Stage.BASELINE, false, 100));
        index.put("c", state(Stage.PAUSED, true));
        index.put("z", state(Stage.FAILED, false));

        assertThat(index.due(T0, true)).containsExactly("a", "b");
        assertThat(index.due(T0, false)).containsExactly("c");

        // once a plan has followed the engaged switch, it is no longer due for it
        index.put("a", state(Stage.PAUSED, true));
        assertThat(index.due(T0, true)).containsExactly("b");
        assertThat(index.due(T0, false)).containsExactly("a", "c");
    }

    @Test
    void stagesCountEveryPlanOnceWhereItIsNow() {
        index.put("a", state(Stage.PREFLIGHT, false));
        index.put("b", state(Stage.PREFLIGHT, false));
        index.put("a", state(Stage.BASELINE, false, 3));
        index.put("b", state(Stage.BASELINE, false, 3));
        index.put("b", state(Stage.SHIFTING, false, 8));
        index.put("c", null);

        assertThat(index.stages()).containsExactlyInAnyOrderEntriesOf(Map.of(Stage.BASELINE, 1L, Stage.SHIFTING, 1L));
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void rebuildForgetsWhatWasIndexedAndTakesTheStoreAsItIs() {
        index.put("gone", state(Stage.SHIFTING, false, 1));
        index.rebuild(put -> {
            put.accept("a", state(Stage.SHIFTING, false, 1));
            put.accept("b", state(Stage.COMPLETED, false));
        });

        assertThat(index.due(T0.plusSeconds(5), false)).containsExactly("a");
        assertThat(index.stages()).containsExactlyInAnyOrderEntriesOf(Map.of(Stage.SHIFTING, 1L, Stage.COMPLETED, 1L));
    }

    @Test
    void agreesWithAFullScanThroughARandomHistoryOfWrites() {
        java.util.Random random = new java.util.Random(7);
        Map<String, RolloutState> store = new java.util.HashMap<>();
        Stage[] stages = Stage.values();
        for (int i = 0; i < 5_000; i++) {
            String planId = "plan-" + random.nextInt(40);
            long[] due = random.nextBoolean() ? new long[0] : new long[] {random.nextInt(100), random.nextInt(100)};
            RolloutState s = state(stages[random.nextInt(stages.length)], random.nextBoolean(), due);
            store.put(planId, s);
            index.put(planId, s);
            Instant now = T0.plusSeconds(random.nextInt(100));
            boolean engaged = random.nextBoolean();
            assertThat(index.due(now, engaged)).isEqualTo(scan(store, now, engaged));
        }
        Map<Stage, Long> counted = new java.util.EnumMap<>(Stage.class);
        store.values().forEach(s -> counted.merge(s.stage(), 1L, Long::sum));
        assertThat(index.stages()).isEqualTo(counted);
    }
}
