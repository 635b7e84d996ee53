package dev.spotshift.executor.actuation;

import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.DeadLetters;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Carries out the executor's cloud commands outside any stream transaction: reads {@code cloud-commands}, runs
 * each plan's commands in order on a lane of its own (one plan's slow or hanging call never delays another plan,
 * every call being bounded by the cloud port's timeouts), publishes each {@link CloudOutcome} and only then lets the
 * command's offset be committed. A crash re-runs the uncommitted commands, which is harmless: every action is
 * idempotent (check-before-act, client tokens from the command id) and the outcome's id is derived from the
 * command's, so the executor applies it once. A record that can never be read becomes a dead letter.
 */
public final class Actuator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Actuator.class);
    /** The consumer group of the actuators of one deployment: each command is carried out by one of them. */
    public static final String GROUP = "executor-actuator";

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, Object> producer;
    private final Deserializer<CloudCommand> commands;
    private final CloudActions actions;
    private final int maxInFlight;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ExecutorService lanes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "actuator-lane");
        t.setDaemon(true);
        return t;
    });
    /** The last queued command of each plan: the next one of that plan runs after it, others run beside it. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /** Offsets read and not yet answered, per partition: a partition commits up to its lowest open one. */
    private final Map<TopicPartition, NavigableSet<Long>> open = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> nextToCommit = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;
    private final String group;
    private CapacityCensus census;
    private Duration censusEvery;
    private java.util.concurrent.ScheduledExecutorService censusTimer;
    /** Holds partition 0 of the commands: the one actuator of the group that takes the census. */
    private volatile boolean censusLead;

    public Actuator(String bootstrapServers, Serializer<Object> values, Deserializer<CloudCommand> commands,
                    CloudActions actions, int maxInFlight, MeterRegistry meters, Clock clock) {
        this(GROUP, bootstrapServers, values, commands, actions, maxInFlight, meters, clock);
    }

    public Actuator(String group, String bootstrapServers, Serializer<Object> values,
                    Deserializer<CloudCommand> commands, CloudActions actions, int maxInFlight, MeterRegistry meters,
                    Clock clock) {
        this.group = group;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A command whose transition aborted was never decided.
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A killed actuator's partitions must come back within seconds, not Kafka's default 45 s: its commands
        // (a way back to on-demand among them) wait until then. Heartbeats stay a third of it.
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // the actuator logs in as the executor, like the Streams job beside it
        var security = dev.spotshift.schemas.access.ServiceKafkaSecurity.settings();
        c.putAll(security);
        p.putAll(security);
        dev.spotshift.schemas.access.RefusalInterceptor.watch(p);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(p, new StringSerializer(), values);
        this.commands = commands;
        this.actions = actions;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.meters = meters;
        this.clock = clock;
        meters.gauge("spotshift.actuator.commands.in.flight", inFlight);
        this.poller = new Thread(this::loop, "actuator-poll");
        poller.setDaemon(true);
    }

    /**
     * Also takes the reaper's census every {@code every} (call before {@link #start}): only while this actuator
     * holds partition 0 of the commands, so one census per deployment runs however many actuators there are.
     */
    public Actuator withCensus(CapacityCensus census, Duration every) {
        this.census = census;
        this.censusEvery = every;
        return this;
    }

    public Actuator start() {
        poller.start();
        if (census != null && !censusEvery.isZero()) {
            censusTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "actuator-census");
                t.setDaemon(true);
                return t;
            });
            censusTimer.scheduleWithFixedDelay(this::takeCensus, censusEvery.toMillis(), censusEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Lists, then publishes each sighting keyed by its plan; the executor judges them (a lost one: next pass). */
    private void takeCensus() {
        if (!censusLead || !running.get()) {
            return;
        }
        try {
            List<CloudOutcome> seen = census.take(clock.instant());
            for (CloudOutcome s : seen) {
                producer.send(new ProducerRecord<>(Topics.CLOUD_OUTCOMES.name(), s.getEnvelope().getPlanId(), s),
                        (meta, e) -> {
                            if (e != null) {
                                LOG.warnf("census: sighting of plan %s not published: %s",
                                        s.getEnvelope().getPlanId(), DeadLetters.describe(e));
                            }
                        });
            }
            meters.counter("spotshift.actuator.census.sightings").increment(seen.size());
        } catch (RuntimeException e) {
            LOG.errorf(e, "census: the pass failed; the next one runs in %s", censusEvery);
        }
    }

    public boolean alive() {
        return poller.isAlive();
    }

    private void loop() {
        consumer.subscribe(List.of(Topics.CLOUD_COMMANDS.name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commitDone();
                // Whatever is still open there will be carried out again by the new owner: idempotent by design.
                partitions.forEach(tp -> {
                    open.remove(tp);
                    nextToCommit.remove(tp);
                });
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        try {
            while (running.get()) {
                if (inFlight.get() >= maxInFlight) {
                    consumer.pause(consumer.assignment());
                } else {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    accept(r);
                }
                censusLead = consumer.assignment().contains(new TopicPartition(Topics.CLOUD_COMMANDS.name(), 0));
                commitDone();
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (dev.spotshift.schemas.access.BrokerRefusals.record(dev.spotshift.schemas.access.BrokerRefusals.principalOf(
                    dev.spotshift.schemas.access.ServiceKafkaSecurity.settings()), e, Topics.CLOUD_COMMANDS.name(),
                    "consumer").isEmpty()) {
                LOG.errorf(e, "actuator: poll loop stopped");
            }
        } finally {
            try {
                commitDone();
            } catch (RuntimeException ignored) {
                // the group rebalanced or the broker went away: the next owner redoes what was not committed
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        NavigableSet<Long> offsets = open.computeIfAbsent(tp, k -> new ConcurrentSkipListSet<>());
        nextToCommit.merge(tp, r.offset() + 1, Math::max);
        CloudCommand command;
        try {
            command = commands.deserialize(r.topic(), r.headers(), r.value());
            if (command == null || r.key() == null || !r.key().equals(command.getEnvelope().getPlanId())) {
                throw new IllegalArgumentException(command == null ? "a tombstone is no command"
                        : "key " + r.key() + " is not the command's plan " + command.getEnvelope().getPlanId());
            }
        } catch (RuntimeException e) {
            if (dev.spotshift.schemas.streams.Transience.isTransient(e)) {
                throw e; // the registry or the broker: not the record's fault, read it again after a restart
            }
            LOG.warnf("actuator: unreadable command at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            DeadLetter letter = DeadLetters.of(r.topic(), r.partition(), r.offset(),
                    r.key() == null ? null : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), r.value(),
                    null, e, group, clock.instant());
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.key(), letter));
            return;
        }
        if (census != null) {
            census.regionSeen(command.getRegion());
        }
        offsets.add(r.offset());
        inFlight.incrementAndGet();
        String plan = r.key();
        CompletableFuture<Void> tail = tails.getOrDefault(plan, CompletableFuture.completedFuture(null));
        CompletableFuture<Void> next = tail.handle((x, e) -> null).thenRunAsync(() -> carryOut(command), lanes)
                .whenComplete((x, e) -> {
                    if (e != null) {
                        LOG.errorf(e, "actuator: command %s of plan %s failed to report", command.getCommandId(), plan);
                    } else {
                        offsets.remove(r.offset());
                    }
                    inFlight.decrementAndGet();
                });
        tails.put(plan, next);
        next.whenComplete((x, e) -> tails.remove(plan, next));
    }

    /** Runs on the plan's lane: the action, then the outcome published and acknowledged. */
    private void carryOut(CloudCommand command) {
        Timer.Sample timing = Timer.start(meters);
        CloudOutcome outcome = actions.carryOut(command);
        timing.stop(meters.timer("spotshift.actuator.action", "action", outcome.getAction(), "succeeded",
                String.valueOf(outcome.getSucceeded())));
        if (!outcome.getSucceeded()) {
            LOG.warnf("plan %s: %s %s failed after %d attempt(s): %s", command.getEnvelope().getPlanId(),
                    outcome.getAction(), command.getCommandId(), outcome.getAttempts(), outcome.getError());
        }
        // The action is done: its outcome must get out. A registry or broker blip is waited out here, on this plan's
        // lane only; if the process dies meanwhile the offset is still open and the command is carried out again.
        long backoff = 200;
        while (true) {
            try {
                producer.send(new ProducerRecord<>(Topics.CLOUD_OUTCOMES.name(), command.getEnvelope().getPlanId(),
                        outcome)).get(30, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (!running.get()) {
                    throw new IllegalStateException("outcome of " + command.getCommandId() + " not acknowledged", e);
                }
                LOG.warnf("actuator: outcome of %s not published yet, retrying in %d ms: %s", command.getCommandId(),
                        backoff, DeadLetters.describe(e));
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted publishing " + command.getCommandId(), interrupted);
                }
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    /** Commits, per partition, up to the lowest offset still open (or everything read when none is). */
    private void commitDone() {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (var e : nextToCommit.entrySet()) {
            NavigableSet<Long> offsets = open.get(e.getKey());
            long upTo = offsets == null || offsets.isEmpty() ? e.getValue() : offsets.first();
            commit.put(e.getKey(), new OffsetAndMetadata(upTo));
        }
        if (!commit.isEmpty()) {
            consumer.commitSync(commit);
        }
    }

    @Override
    public void close() {
        running.set(false);
        if (censusTimer != null) {
            censusTimer.shutdownNow();
        }
        consumer.wakeup();
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.shutdown();
        try {
            lanes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Commands carried out but whose outcome was not acknowledged, still open; for tests. */
    List<Long> openOffsets() {
        List<Long> all = new ArrayList<>();
        open.values().forEach(all::addAll);
        return all;
    }
}
