package dev.spotshift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Benchmarks run whole once per repeat (recovery) report one row per measure: min/median/max, never a made-up figure. */
class RepeatsTest {

    private static final String BENCH = "9 recovery monitor N=1000";
    private static final String KILL = "SIGKILL one of two (standby 0): kill -> caught up";

    private static Row kill(double seconds, String load) {
        return Row.measured(BENCH, KILL, "s", List.of(seconds), "1000 live plans; machine load at the kill " + load
                + "; the survivor restores the killed one's tasks");
    }

    @Test
    void givenThreeRepeatsOfARow_whenMerged_thenOneRowHasTheirMinMedianMaxAndEachRepeatsLoad() {
        // Given the same row from three repeats, each at its own machine load
        List<List<Row>> repeats = List.of(List.of(kill(25.2, "37.16 37.18 28.08")), List.of(kill(17.4, "51.37 50.1 40.2")),
                List.of(kill(19.0, "4.1 3.0 2.2")));

        // When merged
        List<Row> merged = Repeats.merge(repeats);

        // Then one row with a value per repeat, judged on their median, the loads side by side in its note
        assertThat(merged).hasSize(1);
        Row row = merged.get(0);
        assertThat(row.values()).containsExactly(25.2, 17.4, 19.0);
        assertThat(row.min()).isEqualTo(17.4);
        assertThat(row.median()).isEqualTo(19.0);
        assertThat(row.max()).isEqualTo(25.2);
        assertThat(row.note()).isEqualTo("1000 live plans; machine load at the kill [37.16 37.18 28.08 / 51.37 50.1 40.2"
                + " / 4.1 3.0 2.2]; the survivor restores the killed one's tasks");
    }

    @Test
    void givenARepeatThatDidNotMeasureARowOrStoppedBeforeIt_whenMerged_thenTheOthersCountAndTheNoteSaysWhy() {
        // Given one repeat measuring the row, one where the step timed out, one that stopped before the step
        List<List<Row>> repeats = List.of(List.of(kill(25.2, "1.0 1.0 1.0")),
                List.of(Row.notMeasured(BENCH, KILL, "not caught up within PT5M")),
                List.of(Row.notMeasured(BENCH, "-", "the first instance never caught up")));

        // When merged
        List<Row> merged = Repeats.merge(repeats);

        // Then the row has the one figure and names both reasons; the stopped repeat keeps its own row
        Row row = merged.stream().filter(r -> r.measure().equals(KILL)).findFirst().orElseThrow();
        assertThat(row.values()).containsExactly(25.2);
        assertThat(row.note()).endsWith("; 2 of 3 repeats did not measure it: not caught up within PT5M;"
                + " the repeat did not reach this step");
        Row stopped = merged.stream().filter(r -> r.measure().equals("-")).findFirst().orElseThrow();
        assertThat(stopped.note()).isEqualTo("not measured: repeat 3 of 3: the first instance never caught up");
    }

    @Test
    void givenNoRepeatMeasuredARow_whenMerged_thenItIsNotMeasuredWithTheReasonAndNoNumber() {
        // Given two repeats in which the joiner never owned a task
        Row none = Row.notMeasured(BENCH, "rebalance: owns active tasks", "the joiner owned no active task within PT5M");

        // When merged
        Row row = Repeats.merge(List.of(List.of(none), List.of(none))).get(0);

        // Then it says why and carries no figure
        assertThat(row.measuredAtAll()).isFalse();
        assertThat(row.note()).isEqualTo("not measured: 2 of 2 repeats did not measure it: the joiner owned no active"
                + " task within PT5M");
    }

    @Test
    void givenOneRepeat_whenMerged_thenItsRowsAreReportedUnchanged() {
        // Given the smoke run's single repeat with a row that could not be measured
        List<Row> once = List.of(kill(25.2, "1.0 1.0 1.0"), Row.notMeasured(BENCH, "-", "smoke run: monitor only"));

        // When merged, then nothing is reworded
        assertThat(Repeats.merge(List.of(once))).isEqualTo(once);
    }
}
