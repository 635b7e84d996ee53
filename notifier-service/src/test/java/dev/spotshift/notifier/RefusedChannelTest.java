package dev.spotshift.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.infra.BrokerAccess;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.access.BrokerRefusals;
import dev.spotshift.schemas.access.Principal;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * The notifier's incoming channel logged in as a principal the catalog does not let read its topics (the workload
 * simulator's): the broker with the catalog's ACLs refuses every poll, and each refusal is counted under that
 * principal and logged once, as the hand-built readers' and the REST doors' are, while the connector keeps retrying.
 */
@QuarkusTest
@TestProfile(RefusedChannelTest.WrongPrincipal.class)
class RefusedChannelTest {

    /** A profile: an application of its own, on a secured broker, whatever the other classes started. */
    public static class WrongPrincipal implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecuredBrokerAsSimulator.class));
        }
    }

    /** A secured broker (SCRAM, the catalog's ACLs); the notifier logs in as the workload simulator. */
    public static class SecuredBrokerAsSimulator implements QuarkusTestResourceLifecycleManager {
        static BrokerAccess access;
        static Path log;

        @Override
        public Map<String, String> start() {
            access = BrokerAccess.start();
            Map<String, String> c = new HashMap<>(LocalInfra.shared().quarkusConfig());
            c.putAll(access.quarkusConfig(Principal.WORKLOAD_SIMULATOR));
            c.put("kafka.bootstrap.servers", access.bootstrapServers());
            // the connector's back-off between refused polls, from 1 s up to this (seconds), so a few come quickly
            c.put("mp.messaging.incoming.events.retry-max-wait", "2");
            // the log as an operator reads it, in a file of this run's own
            try {
                log = Files.createTempFile("refused-channel-", ".log");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            c.put("quarkus.log.file.enabled", "true");
            c.put("quarkus.log.file.path", log.toString());
            return c;
        }

        @Override
        public void stop() {
            if (access != null) {
                access.close();
            }
        }
    }

    private static final String PRINCIPAL = Principal.WORKLOAD_SIMULATOR.kafkaPrincipal();

    @Inject
    MeterRegistry meters;

    @Test
    void everyRefusedPollOfTheChannelIsCountedUnderItsPrincipalAndLoggedOncePerTopic() throws Exception {
        // Given the notifier's channel logged in as User:workload-simulator, which may not read migration-status,
        // rollback-commands or the notifier's group

        // When the connector has polled, been refused and retried: one refused resource three times at least
        await().atMost(Duration.ofSeconds(90)).until(() -> counters().stream().anyMatch(c -> c.count() >= 3));

        // Then each refused poll was counted under the channel's principal as a consumer's refusal, per resource
        Counter most = mostRefused();
        String resource = most.getId().getTag("topic");
        assertThat(resource).isIn(Topics.MIGRATION_STATUS.name(), Topics.ROLLBACK_COMMANDS.name(),
                Topics.ROLLOUT_EVENTS.name(), "group:notifier-service");
        // and logged once for that principal and resource, however often it was refused
        List<String> lines = logged();
        assertThat(lines).filteredOn(l -> l.contains(BrokerRefusals.class.getName())
                        && l.contains("refused " + PRINCIPAL + "'s consumer on " + resource + ":"))
                .hasSize(1);
        // and the connector's own retry warning, which would repeat with every poll, did not reach the log
        assertThat(lines).noneMatch(l -> l.contains("SRMSG18285") && l.contains("AuthorizationException"));
        // and nothing was read in the notifier's group: it never got to commit a position
        try (Admin admin = Admin.create(SecuredBrokerAsSimulator.access.adminProperties())) {
            assertThat(admin.listConsumerGroupOffsets("notifier-service").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)).isEmpty();
        }
    }

    private List<Counter> counters() {
        return List.copyOf(meters.find(BrokerRefusals.METER).tags("principal", PRINCIPAL, "client", "consumer").counters());
    }

    private Counter mostRefused() {
        return counters().stream().max(java.util.Comparator.comparingDouble(Counter::count))
                .orElseThrow(() -> new AssertionError("no refusal of " + PRINCIPAL + " counted yet"));
    }

    /** The application's log as written: one line per record (JSON, as in production), with the logger's name. */
    private static List<String> logged() throws java.io.IOException {
        return Files.readAllLines(SecuredBrokerAsSimulator.log);
    }
}
