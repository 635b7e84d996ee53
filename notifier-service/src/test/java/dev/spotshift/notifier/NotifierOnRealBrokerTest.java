package dev.spotshift.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotshift.events.Comparator;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.Measurement;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.notifier.domain.Signature;
import dev.spotshift.notifier.sinks.HttpSinks;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The notifier on the real broker and registry, its sinks against local receivers and moto's SNS. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
@WithTestResource(Receivers.class)
class NotifierOnRealBrokerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    private BrokerClient broker;
    private final Receivers receivers = Receivers.current();

    @BeforeEach
    void connect() {
        broker = new BrokerClient(bootstrap, registryUrl);
    }

    @AfterEach
    void disconnect() {
        broker.close();
    }

    @Test
    void aRollbackIsOneSignedWebhookCallAndOneSnsMessageWithThePlanTriggerAndEvidenceEvenWhenReadTwice() throws Exception {
        // Given a plan the monitor rolls back for its error rate
        String planId = UUID.randomUUID().toString();
        RollbackCommand rollback = rollback(planId);

        // When the command is on rollback-commands, and the same record again (a producer's retry)
        broker.publish(Topics.ROLLBACK_COMMANDS, planId, rollback);
        broker.publish(Topics.ROLLBACK_COMMANDS, planId, rollback);

        // Then the flaky receiver, refused twice, got it on its third try: the retries are over
        await().atMost(PATIENCE).until(() -> calls("/flaky", planId).size() == 3);
        // and the ops webhook got exactly one call, signed over its body with the shared secret
        List<Receivers.Call> ops = calls("/ops", planId);
        assertThat(ops).hasSize(1);
        Receivers.Call call = ops.get(0);
        assertThat(Signature.verifies(call.body(), Receivers.SECRET, call.header(Signature.HEADER))).isTrue();
        assertThat(call.header(HttpSinks.EVENT_ID_HEADER)).isEqualTo(rollback.getEnvelope().getEventId());
        JsonNode body = JSON.readTree(call.body());
        assertThat(body.get("planId").asText()).isEqualTo(planId);
        assertThat(body.get("kind").asText()).isEqualTo("ROLLBACK");
        assertThat(body.at("/details/trigger").asText()).isEqualTo("ERROR_RATE");
        assertThat(body.at("/details/evidence/0/metric").asText()).isEqualTo("errorRatePercent");
        assertThat(body.at("/details/evidence/0/observed").asDouble()).isEqualTo(2.5);
        // and the Slack hook one text naming the trigger
        assertThat(calls("/chat", planId)).singleElement()
                .satisfies(c -> assertThat(JSON.readTree(c.body()).get("text").asText()).contains("ERROR_RATE", planId));

        // and SNS exactly one message with the same document
        List<JsonNode> published = snsMessagesFor(planId, 1);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).at("/details/trigger").asText()).isEqualTo("ERROR_RATE");
        assertThat(published.get(0).at("/details/evidence/0/threshold").asDouble()).isEqualTo(0.01);
    }

    @Test
    void aSinkThatIsDownIsRetriedThenReportedAsADeadLetterWhileTheOtherSinksAreServed() throws Exception {
        // Given a plan routed also to a sink where nothing listens
        RollbackCommand rollback = rollback(Receivers.UNREACHABLE_PLAN);

        // When its rollback is published
        broker.publish(Topics.ROLLBACK_COMMANDS, Receivers.UNREACHABLE_PLAN, rollback);

        // Then the other sinks have it
        await().atMost(PATIENCE).until(() -> calls("/ops", Receivers.UNREACHABLE_PLAN).size() == 1);
        // and the gone sink, after its attempts, is a dead letter naming it, its attempts and its error
        List<DeadLetter> letters = broker.readUntil(Topics.DEAD_LETTERS, Receivers.UNREACHABLE_PLAN,
                l -> l.stream().anyMatch(d -> d.getReason().contains("sink gone")));
        DeadLetter letter = letters.stream().filter(d -> d.getReason().contains("sink gone")).findFirst().orElseThrow();
        assertThat(letter.getReason()).contains("given up after 4 attempts", "ConnectException");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.ROLLBACK_COMMANDS.name());
        assertThat(letter.getConsumer()).isEqualTo("notifier-service");
    }

    @Test
    void theReapersFindingIsAMoneyLeakNotificationAndTheRolloutsOtherEventsAreNot() throws Exception {
        // Given a plan whose rollout started a step, and for which the reaper then found a spot instance still running
        String planId = UUID.randomUUID().toString();
        broker.publish(Topics.ROLLOUT_EVENTS, planId, RolloutEvent.newBuilder()
                .setEnvelope(Envelopes.next(planId, "executor-service/test", null, Clock.systemUTC()))
                .setSpotPercent(25).setStage(MigrationStage.SHIFTING)
                .setPayload(RolloutStepStarted.newBuilder().setStepIndex(0).setStepCount(4).setFromSpotPercent(0)
                        .setToSpotPercent(25).setStepsHash("h").setGateDueAt(Instant.now()).build())
                .build());
        broker.publish(Topics.ROLLOUT_EVENTS, planId, RolloutEvent.newBuilder()
                .setEnvelope(Envelopes.next(planId, "executor-service/test", null, Clock.systemUTC()))
                .setSpotPercent(0).setStage(MigrationStage.COMPLETED)
                .setPayload(SpotCapacityReaped.newBuilder().setInstanceId("i-0leak").setInstanceType("m5.large")
                        .setPlanKnown(true).setTerminated(false).setReason("plan COMPLETED; dry-run").build())
                .build());

        // Then the money-leak sink is told once, with the instance and that it still runs
        await().atMost(PATIENCE).until(() -> calls("/leaks", planId).size() == 1);
        JsonNode body = JSON.readTree(calls("/leaks", planId).get(0).body());
        assertThat(body.get("kind").asText()).isEqualTo("MONEY_LEAK");
        assertThat(body.at("/details/instanceId").asText()).isEqualTo("i-0leak");
        assertThat(body.at("/details/terminated").asBoolean()).isFalse();
        // and no sink heard of the step (sinks want ROLLBACK or MONEY_LEAK only; a step is neither)
        assertThat(receivers.calls).filteredOn(c -> new String(c.body()).contains(planId)).hasSize(1);
    }

    private List<Receivers.Call> calls(String path, String planId) {
        return receivers.calls.stream().filter(c -> c.path().equals(path))
                .filter(c -> new String(c.body()).contains(planId)).toList();
    }

    /** Reads the queue subscribed to the SNS topic until {@code expected} messages of the plan came, then a little more. */
    private List<JsonNode> snsMessagesFor(String planId, int expected) {
        List<JsonNode> mine = new ArrayList<>();
        try (SqsClient sqs = receivers.sqs()) {
            await().atMost(PATIENCE).until(() -> {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(receivers.queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                    JsonNode doc = JSON.readTree(JSON.readTree(m.body()).get("Message").asText());
                    if (planId.equals(doc.get("planId").asText())) {
                        mine.add(doc);
                    }
                    sqs.deleteMessage(b -> b.queueUrl(receivers.queueUrl).receiptHandle(m.receiptHandle()));
                }
                return mine.size() >= expected;
            });
            // one more read: a second message would be there by now (the webhook's three tries took longer)
            sqs.receiveMessage(b -> b.queueUrl(receivers.queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()
                    .forEach(m -> {
                        try {
                            JsonNode doc = JSON.readTree(JSON.readTree(m.body()).get("Message").asText());
                            if (planId.equals(doc.get("planId").asText())) {
                                mine.add(doc);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        return mine;
    }

    private static RollbackCommand rollback(String planId) {
        Instant now = Instant.now();
        return RollbackCommand.newBuilder()
                .setEnvelope(Envelopes.next(planId, "monitor-service/test", UUID.randomUUID().toString(), Clock.systemUTC()))
                .setCommandId(planId + ":ERROR_RATE:" + now.toEpochMilli())
                .setLevel(RollbackLevel.FULL)
                .setTrigger(RollbackTrigger.ERROR_RATE)
                .setWindowStart(now.minusSeconds(60))
                .setWindowEnd(now)
                .setMeasurements(List.of(Measurement.newBuilder().setMetric("errorRatePercent").setObserved(2.5)
                        .setThreshold(0.01).setComparator(Comparator.LESS_OR_EQUAL).setBaseline(0.0).setPassed(false).build()))
                .setReason("error rate 2.5 % over 1 min, above 0.01 %")
                .build();
    }
}
