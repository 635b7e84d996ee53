package dev.spotshift.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** The live-plan directory's decode path, record by record, without a broker. */
class PlanDirectoryDecodingTest {

    private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry());
    private final NoticeDeliveryTest.FakePublisher publisher = new NoticeDeliveryTest.FakePublisher(metrics);
    private final PlanDirectory directory = new PlanDirectory("unused:9092", "http://unused", metrics, publisher);

    /** "approved" and "broken" read as decisions (the second one unusable), "down" as no registry, the rest as garbage. */
    private final DecodeOrDeadLetter<MigrationDecision> decisions = new DecodeOrDeadLetter<>(Topics.MIGRATION_DECISIONS,
            (Deserializer<MigrationDecision>) (topic, bytes) -> switch (new String(bytes, StandardCharsets.UTF_8)) {
                case "approved" -> BridgeEvents.approved("plan-ok", "etl");
                case "broken" -> {
                    MigrationDecision d = BridgeEvents.approved("plan-broken", "etl");
                    d.getPlan().getWorkload().setInstanceIds(null);
                    yield d;
                }
                case "down" -> {
                    Error error = new Error();
                    error.setName("ConnectException");
                    throw new SerializationException("schema lookup", new RestClientException(error));
                }
                default -> throw new SerializationException("Unknown magic byte!");
            }, PlanDirectory.CONSUMER, Clock.systemUTC());

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, long offset) {
        return new ConsumerRecord<>(Topics.MIGRATION_DECISIONS.name(), 1, offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void garbageIsDeadLetteredOnceAndTheNextDecisionStillCounts() {
        // When garbage, the same garbage read again (a re-poll), then an approval arrive
        assertThat(directory.handle(record("x", "garbage", 7), decisions)).isTrue();
        assertThat(directory.handle(record("x", "garbage", 7), decisions)).isTrue();
        assertThat(directory.handle(record("plan-ok", "approved", 8), decisions)).isTrue();

        // Then one dead letter says why, and the approved plan is live
        assertThat(publisher.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.getReason()).contains("undecodable as migration-decisions");
            assertThat(d.getSourceOffset()).isEqualTo(7);
            assertThat(d.getConsumer()).isEqualTo(PlanDirectory.CONSUMER);
        });
        assertThat(directory.plans().isLive("plan-ok")).isTrue();
    }

    @Test
    void aDecisionTheDirectoryCannotUseIsADeadLetterNotAStoppedReader() {
        assertThat(directory.handle(record("plan-broken", "broken", 3), decisions)).isTrue();

        assertThat(publisher.deadLetters).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("not usable by the live-plan directory"));
        assertThat(directory.plans().isLive("plan-broken")).isFalse();
    }

    @Test
    void anUnreachableRegistryLeavesTheRecordToBeReadAgain() {
        assertThat(directory.handle(record("plan-ok", "down", 4), decisions)).isFalse();
        assertThat(publisher.deadLetters).isEmpty();
    }

    @Test
    void aDeadLetterTheBrokerDidNotTakeLeavesTheRecordToBeReadAgain() {
        publisher.down = true;
        assertThat(directory.handle(record(null, "approved", 5), decisions)).isFalse();

        publisher.down = false;
        assertThat(directory.handle(record(null, "approved", 5), decisions)).isTrue();
        assertThat(publisher.deadLetters).singleElement().satisfies(d -> assertThat(d.getReason()).contains("no key"));
    }

    @Test
    void aTerminalStatusEndsItsPlan() {
        directory.apply(BridgeEvents.approved("plan-done", "etl"));
        MigrationStatus done = BridgeEvents.completed("plan-done");
        directory.apply(done);
        assertThat(directory.plans().isLive("plan-done")).isFalse();
    }
}
