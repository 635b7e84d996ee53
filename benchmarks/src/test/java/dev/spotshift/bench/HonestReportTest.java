package dev.spotshift.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's honesty rules, without a broker: a row without data says "not measured: why" and carries no
 * number in any format; a repeat without a figure is left out, not averaged in; --strict turns any such row
 * into a non-zero exit status.
 */
class HonestReportTest {

    private static Report report(Row... rows) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("load average", "1.00 1.00 1.00");
        return new Report(machine, "test", List.of(rows));
    }

    @Test
    void givenAGoalRowWithNoData_whenReported_thenItSaysNotMeasuredWithTheReasonAndNoNumber() {
        // Given a ratio row whose repeats produced nothing
        Row row = Row.measured("2 monitor ingest", "monitor / raw consume", "ratio", List.of(), "same backlog")
                .atLeast(0.5);

        // When it is put in every format
        Report report = report(row);

        // Then the row keeps its goal, is judged "not measured" and says why, and no format has a figure for it
        assertThat(row.measuredAtAll()).isFalse();
        assertThat(row.status()).isEqualTo("not measured");
        assertThat(row.goal()).isEqualTo(">= 0.500");
        assertThat(row.note()).startsWith("not measured: no data; same backlog");
        String line = report.table().lines().filter(l -> l.contains("monitor / raw consume")).findFirst().orElseThrow();
        String[] cells = line.split("\\|");
        assertThat(List.of(cells[4], cells[5], cells[6])).as("min, median, max of %s", line).allMatch(String::isBlank);
        assertThat(cells[7].trim()).isEqualTo("0");
        assertThat(line).contains("not measured: no data");
        assertThat(report.json()).contains("\"median\": null").doesNotContain("NaN");
        assertThat(report.csv().lines().skip(1).findFirst().orElseThrow())
                .startsWith("2 monitor ingest,monitor / raw consume,ratio,,,,0,>= 0.500,not measured,");
    }

    @Test
    void givenARepeatThatGaveNoFigure_whenMeasured_thenItIsLeftOutAndCountedNotAveragedIn() {
        // Given three repeats, one of which read nothing (its rate NaN) and one divided by a zero baseline
        List<Double> ratios = List.of(0.4, Double.NaN, 0.6, Double.POSITIVE_INFINITY);

        // When the row is made
        Row row = Row.measured("2 monitor ingest", "monitor / raw consume", "ratio", ratios, "same backlog");

        // Then only the repeats with a figure count, and the note says how many did not
        assertThat(row.values()).containsExactly(0.4, 0.6);
        assertThat(row.median()).isEqualTo(0.5);
        assertThat(row.note()).contains("2 of 4 repeats gave no figure");
    }

    @Test
    void givenOnlyRepeatsWithoutAFigure_whenMeasured_thenTheRowIsNotMeasured() {
        Row row = Row.measured("1 raw kafka", "consume", "rec/s", List.of(Double.NaN, Double.NaN), "");

        assertThat(row.measuredAtAll()).isFalse();
        assertThat(row.note()).isEqualTo("not measured: no repeat gave a figure (2 gave none)");
    }

    @Test
    void givenANonFiniteValue_whenARowIsBuiltDirectly_thenItIsRefused() {
        assertThatThrownBy(() -> new Row("b", "m", "ms", List.of(Double.NaN), "", null, false, false, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a figure");
        assertThatThrownBy(() -> new Row("b", "m", "ms", List.of(1.0), "", null, false, false, "not measured: x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("figures on a row");
    }

    @Test
    void givenAStrictRun_whenAnyRowIsNotMeasured_thenTheExitStatusIsNonZero() {
        // Given one measured row that missed its goal and one that could not be measured
        Row missed = Row.measured("6 concurrent migrations N=1000", "executor lag, 2nd half growth", "records/s",
                List.of(77.0), "").noMoreThan(0);
        Row absent = Row.notMeasured("4 rollback -> on-demand", "-", "failed: the executor did not start");

        // Then strict mode fails on the unmeasured row only, never on a missed goal; the default mode never fails
        assertThat(report(missed, absent).exitCode(true)).isNotZero();
        assertThat(report(missed, absent).notMeasured()).containsExactly(absent);
        assertThat(report(missed).exitCode(true)).isZero();
        assertThat(report(missed, absent).exitCode(false)).isZero();
        assertThat(missed.status()).isEqualTo("missed");
    }

    @Test
    void givenFlatLag_whenJudgedAgainstNoMoreThanZero_thenZeroMeetsAndAnyGrowthMisses() {
        Row flat = Row.measured("6", "executor lag, 2nd half growth", "records/s", List.of(0.0), "").noMoreThan(0);
        Row falling = Row.measured("6", "executor lag, 2nd half growth", "records/s", List.of(-3.0), "").noMoreThan(0);
        Row growing = Row.measured("6", "executor lag, 2nd half growth", "records/s", List.of(0.5), "").noMoreThan(0);

        assertThat(flat.status()).isEqualTo("met");
        assertThat(falling.status()).isEqualTo("met");
        assertThat(growing.status()).isEqualTo("missed");
        assertThat(flat.goal()).isEqualTo("<= 0");
    }

    @Test
    void givenTooFewLagSamplesOrAMonitorThatTookInNothing_whenConcurrencyRowsAreMade_thenThoseRowsAreNotMeasured() {
        // Given three lag samples only, and a monitor that took in no sample
        List<Long> lag = List.of(0L, 5L, 3L);

        // When the level's rows are made
        List<Row> rows = Concurrency.rows(Concurrency.bench(1000, 1), 1000, 1, 3, lag, lag, new ArrayList<>(), Map.of(), 0);

        // Then neither growth is a number, the monitor's lag is not reported, the heap with no sample is not either
        assertThat(rows).filteredOn(r -> r.measure().contains("growth")).hasSize(2)
                .allSatisfy(r -> assertThat(r.measuredAtAll()).isFalse());
        assertThat(rows).filteredOn(r -> r.measure().startsWith("monitor lag"))
                .allSatisfy(r -> assertThat(r.note()).contains("the monitor took in no sample"));
        assertThat(rows).filteredOn(r -> r.measure().startsWith("JVM heap"))
                .allSatisfy(r -> assertThat(r.measuredAtAll()).isFalse());
        assertThat(rows).filteredOn(r -> r.measure().equals("executor lag, 2nd half growth"))
                .allSatisfy(r -> assertThat(r.goal()).isEqualTo("<= 0"));
    }

    @Test
    void givenLatencyTrialsThatGotNoAnswer_whenTheirRowsAreMade_thenTheGoalRowIsNotMeasuredAndStrictFails() {
        // Given two repeats of breach trials in which no RollbackCommand arrived
        List<Trials.Percentiles> repeats = List.of(Trials.Percentiles.of(List.of(), 200),
                Trials.Percentiles.of(List.of(), 200));

        // When the p50/p99 rows are made against the goal
        List<Row> rows = Trials.rows(BreachLatency.BENCH, "send -> command", repeats, 200,
                BreachLatency.P99_GOAL_MILLIS, "background 1000 other live plans");

        // Then the p99 row keeps its goal, carries no figure, says why, and --strict exits non-zero on it
        Row p99 = rows.stream().filter(r -> r.measure().endsWith("p99")).findFirst().orElseThrow();
        assertThat(p99.goal()).isEqualTo("< 200");
        assertThat(p99.status()).isEqualTo("not measured");
        assertThat(p99.note()).startsWith("not measured: no data;").contains("400 trial(s) got no answer");
        assertThat(report(rows.toArray(Row[]::new)).exitCode(true)).isNotZero();
    }

    @Test
    void givenAuditReplayRatios_whenAmongFewerThanAMillionEvents_thenNotJudged_andAtAMillionJudgedOrNotMeasured() {
        // Given the same ratios among 300,000 and among 1,000,000 events, and a million-event run with no figure
        Row small = AuditReplay.ratioRow(List.of(0.6, 0.65, 0.7), 300_000);
        Row million = AuditReplay.ratioRow(List.of(0.6, 0.65, 0.7), 1_000_000);
        Row none = AuditReplay.ratioRow(List.of(Double.NaN), 1_000_000);

        // Then the smaller set is shown without the goal and says so; the million is judged; no figure is no number
        assertThat(small.goal()).isEmpty();
        assertThat(small.note()).contains("applies at 1000000 events");
        assertThat(million.goal()).isEqualTo(">= 0.700");
        assertThat(million.status()).isEqualTo("missed");
        assertThat(none.status()).isEqualTo("not measured");
        assertThat(none.goal()).isEqualTo(">= 0.700");
        assertThat(report(none).exitCode(true)).isNotZero();
    }

    @Test
    void givenStrictOnTheCommandLine_whenParsed_thenTheOtherOptionsStillApply() {
        BenchConfig config = BenchMain.parse(new String[] {"--strict", "--smoke", "--only", "2"});

        assertThat(config.mode()).isEqualTo("smoke");
        assertThat(config.only()).isEqualTo("2");
    }
}
