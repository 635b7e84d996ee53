package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DiscoverCommandTest {

    @Test
    void rendersTheReportsRowsAsATableUnderItsSummary() throws Exception {
        // Given a report with a summary and one row per group
        String json = "{\"region\":\"us-east-1\",\"summary\":\"2 groups\",\"groups\":["
                + "{\"group\":\"etl\",\"savingsPercent\":63.2,\"eligible\":true},"
                + "{\"group\":\"reports-long-name\",\"savingsPercent\":12.0,\"eligible\":false}]}";
        StringWriter out = new StringWriter();
        // When it is rendered
        DiscoverCommand.render(Json.MAPPER.readTree(json), new PrintWriter(out, true));
        // Then the scalars head it and the rows line up in columns named by their fields
        assertThat(out.toString().lines()).containsExactly(
                "region: us-east-1",
                "summary: 2 groups",
                "group              savingsPercent  eligible",
                "etl                63.2            true",
                "reports-long-name  12.0            false");
    }

    @Test
    void saysWhatTheAnalyzerObjectedTo() {
        assertThat(DiscoverCommand.problemDetail("{\"title\":\"The cloud could not answer\",\"detail\":\"unknown region xx-1\"}"))
                .isEqualTo("The cloud could not answer: unknown region xx-1");
        assertThat(DiscoverCommand.problemDetail("plain text\nmore")).isEqualTo("plain text");
    }

    @Test
    void saysWhichAnalyzerCannotBeReached() {
        CommandLineTest.Run r = CommandLineTest.run("discover", "--region", "us-east-1", "--analyzer-url", "http://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).startsWith("spotshift: cannot reach the analyzer at http://127.0.0.1:1");
    }
}
