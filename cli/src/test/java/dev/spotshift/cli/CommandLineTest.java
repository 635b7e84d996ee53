package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line without Kafka: plan files, usage, and a broker that is not there. */
class CommandLineTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SpotshiftCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void acceptsAValidPlanAndNamesItsWorkloads() {
        Run r = run("plan", "validate", "src/test/resources/plans/valid.yaml");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("valid plan 'demo-nightly-etl'", "nightly_etl_batch");
    }

    @Test
    void listsEveryErrorOfAnInvalidPlanWithItsLineAndColumn() {
        Run r = run("plan", "validate", "src/test/resources/plans/invalid.yaml");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_PLAN);
        assertThat(r.err()).contains("invalid.yaml:19:26: rollout.stepsPercent[2] STEPS_NOT_INCREASING",
                "STEPS_NOT_ENDING_AT_100", "2 errors");
    }

    @Test
    void reportsInvalidPlansAsJsonForMachines() {
        Run r = run("plan", "validate", "--json", "src/test/resources/plans/invalid.yaml");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_PLAN);
        assertThat(r.out()).contains("\"valid\":false", "\"line\":19");
    }

    @Test
    void saysInOneLineWhichFileIsMissing() {
        Run r = run("plan", "validate", "no/such/plan.yaml");
        assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err().strip()).isEqualTo("spotshift: plan file not found: no/such/plan.yaml");
    }

    @Test
    void doesNotSubmitAnInvalidPlanEvenWithoutKafka() {
        Run r = run("plan", "submit", "--bootstrap-servers", "127.0.0.1:1", "--registry-url", "http://127.0.0.1:1",
                "src/test/resources/plans/invalid.yaml");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_PLAN);
    }

    @Test
    void saysWhichBrokerIsDownWithoutAStackTrace() {
        System.setProperty("spotshift.cli.timeout-seconds", "2");
        Run r = run("status", "--bootstrap-servers", "127.0.0.1:1", "--registry-url", "http://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).startsWith("spotshift: cannot reach Kafka at 127.0.0.1:1").doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void acceptsVerboseOnCommandsThatNeedNoKafka() {
        assertThat(run("plan", "validate", "--verbose", "src/test/resources/plans/valid.yaml").code()).isZero();
    }

    @Test
    void rejectsAnUnknownKillSwitchStateAsUsage() {
        assertThat(run("kill-switch", "maybe").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void refusesAFailoverWithoutAReasonBeforeReachingKafka() {
        // When an operator asks for a failover without saying why (no broker is there to reach)
        Run r = run("failover", "some-plan", "--bootstrap-servers", "127.0.0.1:1", "--registry-url",
                "http://127.0.0.1:1");
        // Then it is a usage error naming the missing reason
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("failover needs --reason");
        assertThat(run("failover", "--help").out()).contains("backup region", "fails back");
    }

    @Test
    void documentsTheExitCodesInItsHelp() {
        assertThat(run("--help").out()).contains("Exit codes:", "ROLLED_BACK", "./spotshift demo");
    }

    @Test
    void offersRetryToLiftAQuarantine() {
        Run r = run("retry", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("QUARANTINED", "PLAN", "--reason");
        assertThat(run("--help").out()).contains("retry");
    }

    @Test
    void offersTheAuditReplayAsASubcommand() {
        Run r = run("replay", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out() + r.err()).contains("--from", "--format", "--html");
        assertThat(run("--help").out()).contains("replay", "9  replay");
    }

    @Test
    void aCommandConfigMayHoldOnlySecuritySettingsAndSaysWhichOneIsNot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        java.nio.file.Path config = java.nio.file.Files.writeString(tmp.resolve("client.properties"),
                "security.protocol=SASL_PLAINTEXT\nbootstrap.servers=elsewhere:9092\n");
        Run r = run("kill-switch", "on", "--bootstrap-servers", "127.0.0.1:1", "--registry-url", "http://127.0.0.1:1",
                "--command-config", config.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("--command-config", "client.properties: bootstrap.servers is not a client security setting");
    }

    @Test
    void theIdentityRecordedIsThePrincipalTheCliLogsInAs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path config = java.nio.file.Files.writeString(tmp.resolve("operator.properties"),
                "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"x\";\n");
        Connection connection = new Connection("127.0.0.1:1", "http://127.0.0.1:1");
        connection.commandConfig = config;
        assertThat(connection.identity()).isEqualTo("User:alice");
        assertThat(new Connection("127.0.0.1:1", "http://127.0.0.1:1").identity()).startsWith("unauthenticated:");
    }
}
