package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.Reason;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CLI against a real KRaft broker and a real Apicurio Registry (local-infra). */
class CliOnKafkaTest {

    static LocalInfra infra;
    static Connection connection;

    @BeforeAll
    static void infra() {
        infra = LocalInfra.shared();
        connection = new Connection(infra.bootstrapServers(), infra.registryUrl());
    }

    static CommandLineTest.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", infra.bootstrapServers(), "--registry-url", infra.registryUrl()));
        return CommandLineTest.run(all.toArray(String[]::new));
    }

    static <V extends SpecificRecord> List<V> read(Topic<V> topic, String key) {
        List<V> found = new ArrayList<>();
        try (TopicReader<V> reader = new TopicReader<>(connection, topic, new PrintWriter(new StringWriter()))) {
            reader.readToEnd(r -> {
                if (key.equals(r.key())) {
                    found.add(r.value());
                }
            });
        }
        return found;
    }

    /** Stands in for the monitor, the one writer of migration-status, so the CLI's reading can be checked. */
    static void publishStatus(String planId, MigrationStage stage, String reasonCode) {
        MigrationStatus s = StatusViewTest.status(planId, stage, 0, 1);
        s.setTerminal(true);
        s.setSavingsMicros(1234);
        if (reasonCode != null) {
            s.setReasons(List.of(Reason.newBuilder().setCode(reasonCode).setMessage("error rate 4.0 % > 0.01 %").build()));
        }
        try (EventPublisher p = new EventPublisher(connection)) {
            p.send(Topics.MIGRATION_STATUS, planId, s);
        }
    }

    @Test
    void submitsOneEventPerWorkloadAndPrintsItsPlanId() {
        // Given a valid plan file and a fresh idempotency key
        String key = UUID.randomUUID().toString();
        // When it is submitted
        CommandLineTest.Run r = cli("plan", "submit", "--idempotency-key", key, SubmissionsTest.VALID.toString());
        // Then the printed planId names a submission on migration-plans carrying the plan
        assertThat(r.code()).as(r.err()).isZero();
        String planId = r.out().strip();
        List<MigrationPlanSubmitted> events = read(Topics.MIGRATION_PLANS, planId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getIdempotencyKey()).isEqualTo(key);
        assertThat(events.get(0).getPlan().getWorkload().getName()).isEqualTo("nightly_etl_batch");
        // And a plan with no status yet is reported as not final
        assertThat(cli("status", planId).code()).isEqualTo(ExitCodes.IN_PROGRESS);
    }

    @Test
    void saysWhichPlanIsUnknown() {
        CommandLineTest.Run r = cli("status", "no-such-plan");
        assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("unknown plan 'no-such-plan'");
        assertThat(cli("abort", "no-such-plan").code()).isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void endsTheWatchOfARolledBackPlanWithItsReasonAndExitCode() {
        // Given a plan whose latest status is ROLLED_BACK
        String planId = "watch-test." + UUID.randomUUID();
        publishStatus(planId, MigrationStage.ROLLED_BACK, "ERROR_RATE");
        // When it is watched and its status read
        CommandLineTest.Run watch = cli("watch", planId);
        CommandLineTest.Run status = cli("status", planId, "--json");
        // Then both say rolled back, with the reason, and exit with the rolled-back code
        assertThat(watch.code()).as(watch.err()).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(watch.out()).contains("ROLLED_BACK", "reason: ERROR_RATE: error rate 4.0 % > 0.01 %");
        assertThat(status.code()).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(status.out()).contains("\"stage\":\"ROLLED_BACK\"", "\"savingsMicros\":1234");
        assertThat(cli("status", "--all", "--json").out()).contains(planId);
    }

    @Test
    void showsOnlyWhatTheServicesCommittedNotACrashedWritersAbortedStatus() {
        // Given a plan rolled back, and then a status COMPLETED written in a transaction that aborted
        // (what a monitor killed mid-transaction leaves on the log)
        String planId = "aborted-test." + UUID.randomUUID();
        publishStatus(planId, MigrationStage.ROLLED_BACK, "ERROR_RATE");
        java.util.Properties p = connection.clientProperties();
        p.put("transactional.id", "cli-test-" + planId);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(p,
                new org.apache.kafka.common.serialization.StringSerializer(),
                Topics.MIGRATION_STATUS.valueSerde(infra.registryUrl()).serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.MIGRATION_STATUS.name(), planId,
                    StatusViewTest.status(planId, MigrationStage.COMPLETED, 100, 4)));
            producer.flush();
            producer.abortTransaction();
        }
        // When its status is read
        CommandLineTest.Run status = cli("status", planId, "--json");
        // Then the committed status is the answer
        assertThat(status.code()).as(status.err()).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(status.out()).contains("\"stage\":\"ROLLED_BACK\"").doesNotContain("COMPLETED");
    }

    @Test
    void sendsAnOperatorsAbortForAKnownPlan() {
        String planId = "abort-test." + UUID.randomUUID();
        publishStatus(planId, MigrationStage.SHIFTING, null);
        CommandLineTest.Run r = cli("abort", planId, "--reason", "test");
        assertThat(r.code()).as(r.err()).isZero();
        List<OperatorCommand> sent = read(Topics.OPERATOR_COMMANDS, planId);
        assertThat(sent).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(OperatorAction.ABORT);
            assertThat(c.getReason()).isEqualTo("test");
        });
    }

    @Test
    void sendsAnOperatorsFailoverWithItsReasonForAKnownPlan() {
        // Given a plan on spot
        String planId = "failover-test." + UUID.randomUUID();
        publishStatus(planId, MigrationStage.SHIFTING, null);
        // When an operator asks for its failover
        CommandLineTest.Run r = cli("failover", planId, "--reason", "us-east-1 capacity advisory");
        // Then one FAILOVER command is on operator-commands with the reason
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("FAILOVER sent for " + planId);
        List<OperatorCommand> sent = read(Topics.OPERATOR_COMMANDS, planId);
        assertThat(sent).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(OperatorAction.FAILOVER);
            assertThat(c.getReason()).isEqualTo("us-east-1 capacity advisory");
        });
    }

    @Test
    void sendsAnOperatorsRetryForAQuarantinedPlan() {
        String planId = "retry-test." + UUID.randomUUID();
        publishStatus(planId, MigrationStage.SHIFTING, "QUARANTINED");
        CommandLineTest.Run r = cli("retry", planId, "--reason", "registry fixed");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("RETRY sent for " + planId);
        List<OperatorCommand> sent = read(Topics.OPERATOR_COMMANDS, planId);
        assertThat(sent).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(OperatorAction.RETRY);
            assertThat(c.getReason()).isEqualTo("registry fixed");
        });
        assertThat(cli("retry", "no-such-plan").code()).isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void statusAndWatchSkipUnreadableStatusesSayingWhyAndShowTheRest() throws Exception {
        // Given garbage and a record naming an unknown schema on migration-status (the broker refuses a keyless
        // record on a compacted topic), then a plan's real status
        String planId = "poison-test." + UUID.randomUUID();
        java.util.Properties p = connection.clientProperties();
        try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(p,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.MIGRATION_STATUS.name(), planId,
                    "garbage, not Avro".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
            // The registry's wire format with a schema id the registry never gave out
            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.MIGRATION_STATUS.name(), planId + "-ghost",
                    new byte[] {0, 0, 0, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4})).get();
        }
        publishStatus(planId, MigrationStage.ROLLED_BACK, "ERROR_RATE");

        // When its status is read and watched
        CommandLineTest.Run status = cli("status", planId);
        CommandLineTest.Run watch = cli("watch", planId);

        // Then both answer with the real status, and say which records they skipped and why
        assertThat(status.code()).as(status.err()).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(watch.code()).as(watch.err()).isEqualTo(ExitCodes.ROLLED_BACK);
        for (CommandLineTest.Run r : List.of(status, watch)) {
            assertThat(r.err()).contains("undecodable as migration-status");
            assertThat(r.err().lines().filter(l -> l.contains("skipped a record on migration-status"))).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void stopsWatchingAtItsTimeoutWhenThePlanIsNotFinal() {
        String planId = "timeout-test." + UUID.randomUUID();
        MigrationStatus s = StatusViewTest.status(planId, MigrationStage.SHIFTING, 25, 0);
        try (EventPublisher p = new EventPublisher(connection)) {
            p.send(Topics.MIGRATION_STATUS, planId, s);
        }
        CommandLineTest.Run r = cli("watch", planId, "--timeout", "1");
        assertThat(r.code()).isEqualTo(ExitCodes.IN_PROGRESS);
        assertThat(r.out()).contains("SHIFTING", "not final yet");
    }

    @Test
    void aDeadLetterIsReDrivenAsItsOriginalRecordHeadersIncludedOnceTheCauseIsFixed() {
        // Given a status record a consumer gave up on (say its registry was down), kept as a dead letter
        String planId = "plan-redrive-" + UUID.randomUUID();
        String consumer = "test-consumer-" + UUID.randomUUID();
        publishStatus(planId, MigrationStage.COMPLETED, null);
        long[] where = new long[2];
        try (TopicReader<MigrationStatus> reader = new TopicReader<>(connection, Topics.MIGRATION_STATUS,
                new PrintWriter(new StringWriter()))) {
            reader.onlyKey(planId).readToEnd(r -> {
                if (planId.equals(r.key())) {
                    where[0] = r.partition();
                    where[1] = r.offset();
                }
            });
        }
        try (EventPublisher p = new EventPublisher(connection)) {
            p.send(Topics.DEAD_LETTERS, planId, dev.spotshift.schemas.DeadLetters.of(Topics.MIGRATION_STATUS.name(),
                    (int) where[0], where[1], planId.getBytes(java.nio.charset.StandardCharsets.UTF_8), null,
                    "registry unreachable", null, consumer, java.time.Instant.now()));
        }

        // When an operator lists that consumer's dead letters, then re-drives them
        CommandLineTest.Run listed = cli("dead-letters", "--consumer", consumer);
        CommandLineTest.Run redriven = cli("dead-letters", "--consumer", consumer, "--redrive");

        // Then the listing names the source, offset and reason; the original is on its topic again and decodes
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("migration-status-" + where[0] + "@" + where[1]).contains("registry unreachable");
        assertThat(redriven.code()).as(redriven.err()).isZero();
        assertThat(redriven.out()).contains("1 of 1 record(s) re-driven");
        List<MigrationStatus> copies = read(Topics.MIGRATION_STATUS, planId);
        assertThat(copies).hasSize(2);
        assertThat(copies.get(1)).isEqualTo(copies.get(0));
    }
}
