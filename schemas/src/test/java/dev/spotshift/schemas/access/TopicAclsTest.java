package dev.spotshift.schemas.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicAclsTest {

    @TempDir
    Path tmp;

    @Test
    void onlyTheMonitorWritesGateVerdictsAndRollbackCommands() {
        assertThat(Topics.GATE_VERDICTS.writers()).containsExactly(Principal.MONITOR);
        assertThat(Topics.ROLLBACK_COMMANDS.writers()).containsExactly(Principal.MONITOR);
        assertThat(Topics.MIGRATION_STATUS.writers()).containsExactly(Principal.MONITOR);
    }

    @Test
    void reviewSignalsAreTheMonitorsAndNoServiceThatMovesCapacityReadsThem() {
        assertThat(Topics.REVIEW_SIGNALS.writers()).containsExactly(Principal.MONITOR);
        assertThat(Topics.REVIEW_SIGNALS.readers()).doesNotContain(Principal.EXECUTOR, Principal.COORDINATOR,
                Principal.CLOUD_BRIDGE).contains(Principal.AUDIT, Principal.CLI);
    }

    @Test
    void onlyTheCoordinatorDecidesAndOnlyTheExecutorRollsOut() {
        assertThat(Topics.MIGRATION_DECISIONS.writers()).containsExactly(Principal.COORDINATOR);
        assertThat(Topics.AGENT_VOTES.writers()).containsExactly(Principal.COORDINATOR);
        assertThat(Topics.ROLLOUT_EVENTS.writers()).containsExactly(Principal.EXECUTOR);
        assertThat(Topics.CLOUD_COMMANDS.writers()).containsExactly(Principal.EXECUTOR);
    }

    @Test
    void eachRosteredOperatorHoldsTheOperatorRolesAclsUnderTheirOwnLoginAndTheRoleItselfNone() {
        Set<String> lines = TopicAcls.lines();
        for (String person : Operators.roster()) {
            assertThat(lines).contains(person + " WRITE TOPIC operator-commands", person + " WRITE TOPIC kill-switch");
            assertThat(Principal.byUser(person)).isEqualTo(Principal.OPERATOR);
            assertThat(TopicAcls.Acl.of(TopicAcls.of(Principal.OPERATOR, person).get(0).binding()).user()).isEqualTo(person);
        }
        assertThat(lines).noneMatch(l -> l.startsWith("operator "));
        assertThat(TopicAcls.of(Principal.OPERATOR)).hasSize(
                TopicAcls.of(Principal.OPERATOR, Operators.roster().get(0)).size() * Operators.roster().size());
    }

    @Test
    void onlyAnOperatorCommandsOrFlipsTheKillSwitch() {
        // The Kubernetes plan operator too: deleting a live MigrationPlan resource aborts its migration.
        // And the console, whose operator actions (spotshift-operate token holders) are operator commands too.
        assertThat(Topics.OPERATOR_COMMANDS.writers()).containsExactlyInAnyOrder(Principal.OPERATOR, Principal.PLAN_OPERATOR,
                Principal.CONSOLE);
        // The console's kill-switch action too, behind the same role; the event names the token's subject.
        assertThat(Topics.KILL_SWITCH.writers()).containsExactlyInAnyOrder(Principal.OPERATOR, Principal.CONSOLE);
    }

    @Test
    void everyTopicHasAWriterAndTheAuditReadsEveryTopicItReplays() {
        for (Topic<?> t : Topics.all()) {
            assertThat(t.writers()).as("writers of %s", t).isNotEmpty();
            assertThat(t.readers()).as("readers of %s", t).isNotEmpty();
        }
        for (Topic<?> t : Topics.planHistory()) {
            assertThat(t.readers()).as("readers of %s", t).contains(Principal.AUDIT);
        }
        assertThat(TopicAcls.of(Principal.AUDIT)).noneMatch(a -> a.operation() == TopicAcls.Operation.WRITE
                && a.resource() == TopicAcls.Resource.TOPIC);
    }

    @Test
    void aStreamsAppOwnsItsInternalTopicsGroupAndTransactionsByPrefix() {
        Set<String> monitor = Set.copyOf(TopicAcls.of(Principal.MONITOR).stream().map(TopicAcls.Acl::line).toList());
        assertThat(monitor).contains("monitor ALL TOPIC spotshift-monitor*", "monitor READ GROUP spotshift-monitor*",
                "monitor WRITE TRANSACTIONAL_ID spotshift-monitor*", "monitor WRITE TOPIC gate-verdicts");
        assertThat(TopicAcls.of(Principal.ANALYZER)).noneMatch(a -> a.operation() == TopicAcls.Operation.ALL);
    }

    @Test
    void theConsoleDescribesEveryOtherGroupForItsLagButJoinsNone() {
        Set<String> console = Set.copyOf(TopicAcls.of(Principal.CONSOLE).stream().map(TopicAcls.Acl::line).toList());
        assertThat(console).contains("console DESCRIBE GROUP spotshift-monitor*", "console DESCRIBE GROUP executor-actuator*",
                "console DESCRIBE GROUP analyzer-service*", "console READ GROUP console*");
        assertThat(TopicAcls.of(Principal.CONSOLE)).filteredOn(a -> a.operation() != TopicAcls.Operation.DESCRIBE
                        && a.resource() == TopicAcls.Resource.GROUP)
                .extracting(TopicAcls.Acl::name).containsExactly("console");
        assertThat(TopicAcls.all()).filteredOn(a -> a.operation() == TopicAcls.Operation.DESCRIBE)
                .extracting(TopicAcls.Acl::principal).containsOnly(Principal.CONSOLE);
    }

    @Test
    void bindingsAreAllowRulesThatReadBackToTheSameTable() {
        for (var b : TopicAcls.bindings()) {
            assertThat(b.entry().operation()).isNotEqualTo(AclOperation.ANY);
            assertThat(b.pattern().patternType()).isIn(PatternType.LITERAL, PatternType.PREFIXED);
            assertThat(TopicAcls.Acl.of(b).binding()).isEqualTo(b);
        }
    }

    @Test
    void clientSecurityComesFromTheEnvironmentOrAFileAndNothingElseFromThem() throws Exception {
        Map<String, String> env = Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_JAAS_CONFIG", "x required;",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/t.jks", "KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092");
        assertThat(KafkaClientSecurity.fromEnvironment(env)).isEqualTo(Map.of("security.protocol", "SASL_SSL",
                "sasl.jaas.config", "x required;", "ssl.truststore.location", "/t.jks"));
        Path file = Files.writeString(tmp.resolve("client.properties"), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n");
        assertThat(KafkaClientSecurity.fromFile(file)).containsEntry("sasl.mechanism", "SCRAM-SHA-512").hasSize(2);
        Path bad = Files.writeString(tmp.resolve("bad.properties"), "bootstrap.servers=evil:9092\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaClientSecurity.fromFile(bad))
                .hasMessageContaining("bootstrap.servers is not a client security setting");
    }

    @Test
    void theIdentityIsTheSaslUserTheClientLogsInAsAndNoneWithoutALogin() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"operator\" password=\"p\";";
        assertThat(KafkaClientSecurity.principal(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", jaas)))
                .contains("User:operator");
        assertThat(KafkaClientSecurity.principal(Map.of("sasl.jaas.config", jaas))).as("plaintext: no login").isEmpty();
        assertThat(KafkaClientSecurity.principal(Map.of())).isEmpty();
    }
}
