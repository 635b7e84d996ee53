package dev.spotshift.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.Principal;
import dev.spotshift.schemas.access.TopicAcls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker the tests start, with SASL/SCRAM and the StandardAuthorizer on: it holds exactly the catalog's ACLs,
 * and a principal the catalog does not name as a topic's writer is refused by the broker itself.
 */
class BrokerAccessTest {

    private static BrokerAccess access;

    @BeforeAll
    static void startSecuredBroker() {
        access = BrokerAccess.start();
    }

    @AfterAll
    static void stop() {
        if (access != null) {
            access.close();
        }
    }

    @Test
    void theBrokerHoldsExactlyTheAclsOfTheCatalogsTable() {
        Set<String> onBroker = new TreeSet<>();
        access.describeAcls().forEach(b -> onBroker.add(TopicAcls.Acl.of(b).line()));
        assertThat(onBroker).isEqualTo(TopicAcls.lines());
    }

    @Test
    void theCliCannotProduceADecisionOrAGateVerdict() {
        assertRefused(Principal.CLI, Topics.MIGRATION_DECISIONS);
        assertRefused(Principal.CLI, Topics.GATE_VERDICTS);
    }

    @Test
    void aGateVerdictIsWrittenByTheMonitorAndRefusedToEveryOtherPrincipal() throws Exception {
        RecordMetadata written = send(Principal.MONITOR, Topics.GATE_VERDICTS);
        assertThat(written.topic()).isEqualTo(Topics.GATE_VERDICTS.name());
        for (Principal p : Principal.values()) {
            if (p != Principal.MONITOR) {
                assertRefused(p, Topics.GATE_VERDICTS);
            }
        }
    }

    @Test
    void aReviewSignalIsWrittenByTheMonitorAndRefusedToEveryOtherPrincipal() throws Exception {
        assertThat(send(Principal.MONITOR, Topics.REVIEW_SIGNALS).topic()).isEqualTo(Topics.REVIEW_SIGNALS.name());
        for (Principal p : Principal.values()) {
            if (p != Principal.MONITOR) {
                assertRefused(p, Topics.REVIEW_SIGNALS);
            }
        }
    }

    @Test
    void onlyAnOperatorWritesOperatorCommandsAndTheKillSwitch() throws Exception {
        assertThat(send(Principal.OPERATOR, Topics.OPERATOR_COMMANDS).offset()).isGreaterThanOrEqualTo(0);
        assertThat(send(Principal.OPERATOR, Topics.KILL_SWITCH).offset()).isGreaterThanOrEqualTo(0);
        assertRefused(Principal.CLI, Topics.OPERATOR_COMMANDS);
        assertRefused(Principal.CLI, Topics.KILL_SWITCH);
        assertRefused(Principal.EXECUTOR, Topics.KILL_SWITCH);
    }

    @Test
    void everyRosteredOperatorLogsInAsThemselfAndWritesCommandsAndANameNotOnTheRosterIsRefusedAtLogin() throws Exception {
        // Given the roster's people, each a SCRAM user of their own with the operator role's ACLs
        for (String person : dev.spotshift.schemas.access.Operators.roster()) {
            // When each writes an operator command and a kill-switch change, Then the broker takes both
            assertThat(send(access.clientProperties(person), Topics.OPERATOR_COMMANDS).offset()).isGreaterThanOrEqualTo(0);
            assertThat(send(access.clientProperties(person), Topics.KILL_SWITCH).offset()).isGreaterThanOrEqualTo(0);
        }
        // And the role's name is no login: no one can log in as a shared "operator"
        assertThatThrownBy(() -> access.clientProperties(Principal.OPERATOR.user()))
                .isInstanceOf(IllegalArgumentException.class);
        // When someone not on the roster tries, Then the broker refuses the login itself
        assertThatThrownBy(() -> send(access.unprovisionedClientProperties("mallory"), Topics.OPERATOR_COMMANDS))
                .satisfies(t -> assertThat(causes(t))
                        .hasAtLeastOneElementOfType(org.apache.kafka.common.errors.SaslAuthenticationException.class));
    }

    @Test
    void aRefusedWriteIsCountedWithThePrincipalAndTopicOnTheServicesInterceptor() {
        // Given a client that watches its refusals as every service's clients do
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        dev.spotshift.schemas.access.BrokerRefusals.countIn(meters);
        try {
            // When the executor's principal tries to write a gate verdict, twice
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> send(Principal.EXECUTOR, Topics.GATE_VERDICTS, true))
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            // Then both refusals are counted under its principal and the topic
            var counter = meters.find(dev.spotshift.schemas.access.BrokerRefusals.METER)
                    .tags("principal", "User:executor", "topic", Topics.GATE_VERDICTS.name(), "client", "producer").counter();
            assertThat(counter).isNotNull();
            assertThat(counter.count()).isEqualTo(2.0);
        } finally {
            dev.spotshift.schemas.access.BrokerRefusals.countIn(io.micrometer.core.instrument.Metrics.globalRegistry);
        }
    }

    @Test
    void aPrincipalRefusedFiftyTimesIsLoggedOnceByTheBrokerAndCountedFifty() throws Exception {
        // Given the executor's principal, which reads migration decisions but may not write one, on one producer
        Properties p = new Properties();
        p.putAll(access.clientProperties(Principal.EXECUTOR));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // When it tries to write a decision 50 times
            for (int i = 0; i < 50; i++) {
                var refused = producer.send(new ProducerRecord<>(Topics.MIGRATION_DECISIONS.name(), "plan-forged",
                        "forged".getBytes(StandardCharsets.UTF_8)));
                assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        // Then the broker counts 50 refusals of that principal's WRITE on the topic
        javax.management.ObjectName name = dev.spotshift.infra.broker.RefusalCountingAuthorizer.objectName(
                "User:executor", "WRITE", "TOPIC:" + Topics.MIGRATION_DECISIONS.name());
        assertThat(BrokerJmx.attribute(access.broker().pid(), name, "Count")).isEqualTo(50L);
        // And its log says so once, naming the principal, the operation and the resource
        String refusedLine = "refused: User:executor may not WRITE TOPIC:" + Topics.MIGRATION_DECISIONS.name() + " ";
        List<String> lines = Files.readAllLines(access.broker().logFile(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(refusedLine))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("Logged once").contains(name.toString());
    }

    private static java.util.List<Throwable> causes(Throwable t) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private static void assertRefused(Principal principal, Topic<?> topic) {
        assertThatThrownBy(() -> send(principal, topic))
                .as("%s producing to %s", principal.user(), topic.name())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    /** A forged record: the broker refuses by principal and topic, before any byte of it is read. */
    private static RecordMetadata send(Principal principal, Topic<?> topic) throws Exception {
        return send(principal, topic, false);
    }

    private static RecordMetadata send(Principal principal, Topic<?> topic, boolean watched) throws Exception {
        return send(access.clientProperties(principal), topic, watched);
    }

    private static RecordMetadata send(Properties login, Topic<?> topic) throws Exception {
        return send(login, topic, false);
    }

    private static RecordMetadata send(Properties login, Topic<?> topic, boolean watched) throws Exception {
        Properties p = new Properties();
        p.putAll(login);
        if (watched) {
            dev.spotshift.schemas.access.RefusalInterceptor.watch(p);
        }
        // not idempotent: a principal with no write anywhere (the audit) would otherwise be refused its producer id
        // (a cluster refusal) before the topic's own refusal this test is about
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic.name(), "plan-forged",
                    "forged".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }
}
