package dev.spotshift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.infra.LocalInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness on a tiny size against a real broker and registry: every benchmark yields rows, and the table,
 * JSON and CSV are well formed. Proves the harness works; says nothing about speed (never asserts on it).
 */
class BenchHarnessSmokeTest {

    @TempDir
    Path out;

    @Test
    void aSmokeRunProducesAWellFormedTableJsonAndCsvForEveryBenchmark() throws Exception {
        // Given the smoke sizes and a real broker and registry
        BenchConfig config = BenchMain.parse(new String[] {"--smoke", "--out", out.toString(),
                "--concurrency", "5", "--concurrency-seconds", "3"});
        LocalInfra infra = LocalInfra.shared();

        // When the harness runs every benchmark and writes its report
        Report report = BenchMain.run(config, new Clients(infra.bootstrapServers(), infra.registryUrl()),
                infra.kind().name());
        report.write(out);

        // Then each of the nine benchmarks has at least one row, and each row is a figure or a stated reason
        for (String bench : List.of("1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "7 ", "8 ", "9 ")) {
            assertThat(report.rows()).as("rows of benchmark %s", bench).anyMatch(r -> r.bench().startsWith(bench));
        }
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.measuredAtAll() || r.note().startsWith("not measured: "))
                .as("%s / %s: %s", r.bench(), r.measure(), r.note()).isTrue());
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.values()).noneMatch(v -> v.isNaN() || v.isInfinite()));

        // ... the text table has the machine, a header and one line per row
        String table = Files.readString(out.resolve("bench-results.txt"));
        assertThat(table).contains("cores:", "jvm:", "load average:", "| benchmark");
        assertThat(table.lines().filter(l -> l.startsWith("|"))).hasSize(report.rows().size() + 2);

        // ... the CSV has a header and one record per row
        List<String> csv = Files.readAllLines(out.resolve("bench-results.csv"));
        assertThat(csv).hasSize(report.rows().size() + 1);
        assertThat(csv.get(0)).startsWith("benchmark,measure,unit,min,median,max");

        // ... and the JSON names the machine and carries every row
        String json = Files.readString(out.resolve("bench-results.json"));
        assertThat(json.trim()).startsWith("{").endsWith("}");
        assertThat(json).contains("\"machine\"", "\"rows\"");
        assertThat(json.split("\"benchmark\":", -1)).hasSize(report.rows().size() + 1);
    }
}
