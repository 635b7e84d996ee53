package dev.spotshift.bench.jmh;

import dev.spotshift.bench.Row;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link HotPaths} and turns each measurement iteration into a value of the report's rows. In this JVM
 * (forks 0): under exec:java the class path of a forked JVM would be Maven's, not this module's; the price is
 * that the JIT profile is shared with the rest of the run, which the note says.
 */
public final class JmhRows {

    public static final String BENCH = "8 jmh hot paths";

    private JmhRows() {}

    public static List<Row> run(int iterations, long iterationMillis) throws Exception {
        Options options = new OptionsBuilder().include(HotPaths.class.getName() + ".*").forks(0)
                .warmupIterations(Math.max(1, iterations)).warmupTime(TimeValue.milliseconds(iterationMillis))
                .measurementIterations(Math.max(1, iterations)).measurementTime(TimeValue.milliseconds(iterationMillis))
                .threads(1).shouldFailOnError(true).build();
        Collection<RunResult> results = new Runner(options).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            List<Double> values = new ArrayList<>();
            for (IterationResult it : r.getBenchmarkResults().iterator().next().getIterationResults()) {
                values.add(it.getPrimaryResult().getScore());
            }
            rows.add(Row.measured(BENCH, name.substring(name.lastIndexOf('.') + 1), "us/op", values,
                    "JMH average time, " + values.size() + " iterations of " + iterationMillis + " ms, forks 0"));
        }
        return rows;
    }
}
