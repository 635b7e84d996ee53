package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.audit.Finding.Rule;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.infra.LocalInfra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The replay against a real KRaft broker and Apicurio Registry (started once per test JVM). */
class ReplayOnTheBrokerTest {

    private final LocalInfra infra = LocalInfra.shared();

    @Test
    void replaysAWellCausedPlanCleanAndNamesAnEffectWhoseCauseIsMissing(@TempDir Path reports) throws Exception {
        try (PlanOnTheLog log = new PlanOnTheLog(infra.bootstrapServers(), infra.registryUrl());
             Replay replay = Replay.connect(infra.bootstrapServers(), infra.registryUrl())) {
            // Given a rolled-back plan's whole history on the log, each event answering its cause
            List<String> published = log.publishRolledBackHistory();

            // When it is replayed
            PlanAudit audit = PlanAudit.of(replay.plan(log.planId, null, null));

            // Then every event is back, in causal order, and the history verifies clean against the live status
            assertThat(audit.timeline()).extracting(AuditEvent::eventId).containsExactlyElementsOf(published);
            assertThat(audit.verification().findings()).isEmpty();
            assertThat(audit.replayed().stage()).isEqualTo(MigrationStage.ROLLED_BACK);
            assertThat(audit.history().liveStatus()).hasValueSatisfying(s -> assertThat(s.spotPercent()).isZero());

            // Given an effect whose cause was never written
            String orphan = log.publishEffectWithMissingCause();

            // When replayed again
            Verification v = PlanAudit.of(replay.plan(log.planId, null, null)).verification();

            // Then verification fails, naming it
            assertThat(v.passed()).isFalse();
            assertThat(v.errors()).anySatisfy(f -> {
                assertThat(f.rule()).isEqualTo(Rule.DANGLING_CAUSE);
                assertThat(f.eventId()).isEqualTo(orphan);
            });
        }
    }

    @Test
    void replayCommandExitsNonZeroForAPlanWithNoEventsAndWritesAReportForARealOne(@TempDir Path reports)
            throws Exception {
        String planId;
        try (PlanOnTheLog log = new PlanOnTheLog(infra.bootstrapServers(), infra.registryUrl())) {
            log.publishRolledBackHistory();
            planId = log.planId;
        }
        // When the command replays that plan with an HTML report, and then a plan nobody submitted
        StringWriter out = new StringWriter();
        int clean = command(out).execute(planId, "--html", reports.toString(),
                "--bootstrap-servers", infra.bootstrapServers(), "--registry-url", infra.registryUrl());
        StringWriter none = new StringWriter();
        int missing = command(none).execute("nobody.nothing.000000000000",
                "--bootstrap-servers", infra.bootstrapServers(), "--registry-url", infra.registryUrl());

        // Then the first verifies and leaves a report with the rollback marked; the second says so and fails
        assertThat(clean).isEqualTo(AuditRun.VERIFIED);
        assertThat(out.toString()).contains("verified: every effect has its cause").contains("RolledBack");
        String html = Files.readString(reports.resolve(planId + ".html"));
        assertThat(html).contains("rollback-marker").contains("rollback: ERROR_RATE");
        assertThat(missing).isEqualTo(AuditRun.FINDINGS);
        assertThat(none.toString()).contains("NO_EVENTS").contains("no events for plan nobody.nothing.000000000000");
    }

    @Test
    void replaysEveryPlanSinceATimeWithASummary() {
        java.time.Instant since = java.time.Instant.now().minusSeconds(600);
        try (PlanOnTheLog log = new PlanOnTheLog(infra.bootstrapServers(), infra.registryUrl());
             Replay replay = Replay.connect(infra.bootstrapServers(), infra.registryUrl())) {
            // Given a plan's history on the log
            log.publishRolledBackHistory();

            // When every plan since a time is replayed
            List<PlanAudit> audits = replay.all(since, null).stream().map(PlanAudit::of).toList();

            // Then that plan is among them, whole and verified, and counted in the summary
            assertThat(audits).filteredOn(a -> a.history().planId().equals(log.planId)).singleElement()
                    .satisfies(a -> {
                        assertThat(a.timeline()).hasSize(11);
                        assertThat(a.verification().findings()).isEmpty();
                    });
            assertThat(FleetSummary.of(audits).rollbacksByTrigger()).containsKey("ERROR_RATE");
        }
    }

    private static CommandLine command(StringWriter out) {
        CommandLine cli = new CommandLine(new ReplayCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli;
    }
}
