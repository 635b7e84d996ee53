package dev.spotshift.executor.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.LaunchReplacement;
import dev.spotshift.events.ReplacementResult;
import dev.spotshift.events.SetGroupShare;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The actuator between a real broker and registry and the simulated account. */
class ActuatorOnRealBrokerTest {

    private static final String SLOW_REGION = "us-east-2";
    private static final String REGION = "us-east-1";

    private static LocalInfra infra;
    private final SimulatedCloud account = new SimulatedCloud(7, new SimClock(Instant.parse("2026-03-01T02:00:00Z")));
    private final CountDownLatch release = new CountDownLatch(1);
    private Actuator actuator;
    private static final String GROUP = "actuator-test-" + UUID.randomUUID();
    private static final String PRODUCER = "actuator/test-" + GROUP;

    private static io.vertx.core.Vertx vertx;

    /** Outside Quarkus nobody gives the registry client its HTTP transport; Quarkus uses this same one. */
    @BeforeAll
    static void infra() {
        infra = LocalInfra.shared();
        vertx = io.vertx.core.Vertx.vertx();
        io.apicurio.rest.client.spi.ApicurioHttpClientFactory.setProvider(
                new io.apicurio.rest.client.VertxHttpClientProvider(vertx));
    }

    @org.junit.jupiter.api.AfterAll
    static void closeTransport() {
        vertx.close();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (actuator != null) {
            actuator.close();
        }
        account.close();
    }

    @SuppressWarnings("unchecked")
    private void startActuator(dev.spotshift.cloud.Cloud cloud) {
        Serializer<Object> values = (Serializer<Object>) (Serializer<?>) Topics.CLOUD_OUTCOMES
                .valueSerde(infra.registryUrl()).serializer();
        // A group and a producer name of its own: an executor app of another test class may run in this JVM, with
        // its own actuator reading the same topic.
        actuator = new Actuator(GROUP, infra.bootstrapServers(), values,
                Topics.CLOUD_COMMANDS.valueSerde(infra.registryUrl()).deserializer(),
                new CloudActions(cloud, 1, PRODUCER), 64, new SimpleMeterRegistry(), cloud.clock()).start();
    }

    private static CloudCommand command(String planId, String commandId, String region, Object action) {
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId(commandId).setPlanId(planId)
                .setOccurredAt(Instant.now()).setProducer("test").setCausationId("decision-" + planId).build();
        return CloudCommand.newBuilder().setEnvelope(envelope).setCommandId(commandId).setRegion(region)
                .setDeploymentId("test").setDryRun(false).setAction(action).build();
    }

    private static SetGroupShare share(String group, int spot) {
        return new SetGroupShare(group, spot, 0, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large", "m5a.large"), null,
                null, null, null);
    }

    /** As the executor would; the in-memory registry may answer a first registration racing another with a lock. */
    private void send(CloudCommand c) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (KafkaProducer<String, CloudCommand> p = new KafkaProducer<>(producerProps(), new StringSerializer(),
                    Topics.CLOUD_COMMANDS.valueSerde(infra.registryUrl()).serializer())) {
                p.send(new ProducerRecord<>(Topics.CLOUD_COMMANDS.name(), c.getEnvelope().getPlanId(), c)).get();
                return true;
            }
        });
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        return p;
    }

    /** Every outcome on the topic, read by a consumer of its own, as they arrive. */
    private List<CloudOutcome> watchOutcomes(List<KafkaConsumer<?, ?>> close) {
        List<CloudOutcome> seen = new CopyOnWriteArrayList<>();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "outcomes-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Deserializer<CloudOutcome> values = Topics.CLOUD_OUTCOMES.valueSerde(infra.registryUrl()).deserializer();
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.CLOUD_OUTCOMES.name()));
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                        CloudOutcome o = values.deserialize(r.topic(), r.headers(), r.value());
                        if (o != null && PRODUCER.equals(o.getEnvelope().getProducer())) {
                            seen.add(o);
                        }
                    });
                }
            } catch (org.apache.kafka.common.errors.WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                // done
            } finally {
                consumer.close();
            }
        });
        t.setDaemon(true);
        t.start();
        close.add(consumer);
        return seen;
    }

    @Test
    void aHangingRegionDelaysOnlyItsOwnPlanWhileAnotherPlansChangeIsCarriedOut() {
        // Given groups in two regions, and one region whose endpoint stopped answering
        account.capacity().createGroup(SLOW_REGION, "slow-asg", 1, 2, 1,
                new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large", "m5a.large")));
        account.capacity().createGroup(REGION, "fast-asg", 1, 2, 1,
                new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large", "m5a.large")));
        startActuator(FaultyClouds.hangingIn(account, SLOW_REGION, release));
        List<KafkaConsumer<?, ?>> consumers = new ArrayList<>();
        List<CloudOutcome> outcomes = watchOutcomes(consumers);
        String slowPlan = "plan-slow-" + UUID.randomUUID();
        String fastPlan = "plan-fast-" + UUID.randomUUID();

        // When the hanging region's plan asks first and the other plan right after
        send(command(slowPlan, "cmd-slow-" + UUID.randomUUID(), SLOW_REGION, share("slow-asg", 25)));
        send(command(fastPlan, "cmd-fast-" + UUID.randomUUID(), REGION, share("fast-asg", 25)));

        // Then the other plan's change is carried out and answered while the first still hangs
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> outcomes.stream().anyMatch(o -> o.getEnvelope().getPlanId().equals(fastPlan)));
        assertThat(outcomes).noneMatch(o -> o.getEnvelope().getPlanId().equals(slowPlan));
        assertThat(account.capacity().describeGroup(REGION, "fast-asg").onDemandPercentAboveBase()).isEqualTo(75);

        // And once the endpoint answers again the first plan gets its outcome too
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> outcomes.stream().anyMatch(o -> o.getEnvelope().getPlanId().equals(slowPlan)));
        consumers.forEach(KafkaConsumer::wakeup);
    }

    @Test
    void theSameLaunchCarriedOutTwiceLaunchesOneInstanceAndAnswersTheSameEvent() {
        // Given a replacement launch for an instance-id plan, published twice (a replay after a crash)
        startActuator(account);
        List<KafkaConsumer<?, ?>> consumers = new ArrayList<>();
        List<CloudOutcome> outcomes = watchOutcomes(consumers);
        String plan = "plan-" + UUID.randomUUID();
        CloudCommand launch = command(plan, "cmd-" + UUID.randomUUID(), REGION, new LaunchReplacement("w-1", null,
                true, List.of("m5.large"), "m5.large", "i-interrupted"));

        // When the actuator carries it out twice
        send(launch);
        send(launch);

        // Then both outcomes are the same event naming the same instance, and the account holds one launch
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.stream()
                .filter(o -> o.getEnvelope().getPlanId().equals(plan)).count() == 2);
        List<CloudOutcome> mine = outcomes.stream().filter(o -> o.getEnvelope().getPlanId().equals(plan)).toList();
        assertThat(mine).extracting(o -> o.getEnvelope().getEventId()).containsOnly(mine.get(0).getEnvelope()
                .getEventId());
        assertThat(mine).extracting(o -> ((ReplacementResult) o.getResult()).getInstanceId()).doesNotContainNull()
                .containsOnly(((ReplacementResult) mine.get(0).getResult()).getInstanceId());
        assertThat(account.capacity().ownedInstances(REGION, "test")).filteredOn(i -> i.tags().get(
                dev.spotshift.cloud.CapacityManager.OWNER_TAG).equals(plan)).singleElement()
                .satisfies(i -> assertThat(i.lifecycle()).isEqualTo(Lifecycle.SPOT));
        consumers.forEach(KafkaConsumer::wakeup);
    }

    @Test
    void anUnreadableCommandIsADeadLetterWithTheReasonAndTheNextCommandIsStillCarriedOut() {
        // Given the actuator running
        account.capacity().createGroup(REGION, "asg-dl", 1, 2, 1,
                new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large", "m5a.large")));
        startActuator(account);
        List<KafkaConsumer<?, ?>> consumers = new ArrayList<>();
        List<CloudOutcome> outcomes = watchOutcomes(consumers);
        String plan = "plan-" + UUID.randomUUID();

        // When garbage lands on cloud-commands, then a good command
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.CLOUD_COMMANDS.name(), plan, new byte[] {0, 1, 2, 3})).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        send(command(plan, "cmd-" + UUID.randomUUID(), REGION, share("asg-dl", 50)));

        // Then the good one is answered, and the garbage is on the dead-letter topic with why
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> outcomes.stream().anyMatch(o -> o.getEnvelope().getPlanId().equals(plan)));
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "dl-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Deserializer<DeadLetter> letters = Topics.DEAD_LETTERS.valueSerde(infra.registryUrl()).deserializer();
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> found.add(letters.deserialize(r.topic(),
                        r.headers(), r.value())));
                return found.stream().anyMatch(d -> plan.equals(d.getKey()) && GROUP.equals(d.getConsumer()));
            });
        }
        assertThat(found).filteredOn(d -> plan.equals(d.getKey()) && GROUP.equals(d.getConsumer())).singleElement()
                .satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.CLOUD_COMMANDS.name());
            assertThat(d.getReason()).isNotBlank();
        });
        consumers.forEach(KafkaConsumer::wakeup);
    }
}
