package dev.spotshift.simulator;

import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.WorkloadAction;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.simulator.aws.OnAws;
import dev.spotshift.simulator.domain.PlanWorld;
import dev.spotshift.simulator.domain.Scenario;
import dev.spotshift.simulator.domain.Tick;
import dev.spotshift.simulator.domain.WorkloadModel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The world outside, for the demo and the end-to-end tests: learns of each approved migration from
 * migration-decisions, follows its spot share on rollout-events, and every interval publishes a
 * MetricSample (and, as the scenario says, SpotInterruptionWarnings); answers CHECKPOINT commands
 * by writing state to the simulated checkpoint store. One thread: no state is shared.
 */
public final class Simulator implements AutoCloseable {

    /** Stages after which a workload stops reporting: the migration is over. */
    static final Set<MigrationStage> FINAL = EnumSet.of(MigrationStage.COMPLETED, MigrationStage.CRITERIA_MISSED, MigrationStage.ROLLED_BACK,
            MigrationStage.ABORTED, MigrationStage.FAILED, MigrationStage.PREFLIGHT_FAILED, MigrationStage.REJECTED,
            MigrationStage.DECLINED);

    private final Clock clock;
    private final Duration interval;
    private final WorkloadModel model;
    private final CheckpointStore checkpoints;
    private final SimulatedCloud cloud;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** One decoder per topic read: what no decoder can read becomes a dead letter, never a silent skip. */
    private final Map<String, DecodeOrDeadLetter<?>> decoders = new java.util.HashMap<>();
    private final KafkaProducer<String, Object> producer;
    private final Consumer<String> log;
    private final Map<String, PlanWorld> worlds = new ConcurrentHashMap<>();
    private final OnAws aws;
    /** Each plan's Auto Scaling group: the dimension of its CloudWatch metrics. */
    private final Map<String, String> groups = new ConcurrentHashMap<>();
    /** Each plan's checkpoint location: on AWS the shadow run's mismatch records go there (ShadowMismatchLog). */
    private final Map<String, URI> checkpointLocations = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Heartbeat heartbeat;
    private long nextTickNanos;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Simulator(String bootstrapServers, String registryUrl, Scenario scenario, long seed, Duration interval,
                     Consumer<String> log) {
        this(bootstrapServers, registryUrl, scenario, seed, interval, null, log);
    }

    /**
     * @param checkpointDir the simulated bucket shared with the services' simulated clouds (the executor
     *                      verifies what the workload wrote); null keeps checkpoints in this JVM only
     */
    public Simulator(String bootstrapServers, String registryUrl, Scenario scenario, long seed, Duration interval,
                     java.nio.file.Path checkpointDir, Consumer<String> log) {
        this(bootstrapServers, registryUrl, scenario, seed, interval, checkpointDir, null, log);
    }

    /**
     * @param aws where metrics and checkpoints go when the services run on the AWS implementation (CloudWatch and
     *            S3 of an emulator); null: metrics on workload-metrics and checkpoints in the simulated bucket
     */
    public Simulator(String bootstrapServers, String registryUrl, Scenario scenario, long seed, Duration interval,
                     java.nio.file.Path checkpointDir, OnAws aws, Consumer<String> log) {
        // it logs in as its own principal (workload-simulator), from the environment (SimulatorSettings.SECURITY_ENV)
        this(bootstrapServers, registryUrl, scenario, seed, interval, checkpointDir, aws,
                dev.spotshift.schemas.access.KafkaClientSecurity.fromEnvironment(System.getenv()), log);
    }

    /**
     * @param security the client security settings it logs in with (its own principal, workload-simulator); empty
     *                 on a broker without authentication
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Simulator(String bootstrapServers, String registryUrl, Scenario scenario, long seed, Duration interval,
                     java.nio.file.Path checkpointDir, OnAws aws, Map<String, String> security, Consumer<String> log) {
        this.clock = Clock.systemUTC();
        this.aws = aws;
        this.interval = interval;
        this.log = log;
        this.cloud = new SimulatedCloud(seed, clock);
        if (checkpointDir != null) {
            cloud.checkpoints().backedBy(checkpointDir);
        }
        this.checkpoints = aws != null ? aws.checkpoints() : cloud.checkpoints();
        this.model = new WorkloadModel(scenario, seed, new MarketPriceBook(cloud.market()), interval);

        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("client.id", "workload-simulator");
        c.put("enable.auto.commit", false);
        // The executor writes in transactions: the workload follows only the steps that committed.
        c.put("isolation.level", "read_committed");
        c.putAll(security);
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", "workload-simulator");
        p.put("acks", "all");
        p.put("enable.idempotence", true);
        p.put("linger.ms", 5);
        p.putAll(security);
        Serializer serializer = Topics.WORKLOAD_METRICS.valueSerde(registryUrl).serializer();
        this.producer = new KafkaProducer<>(p, new StringSerializer(), serializer);

        // Only what happens from now on: a migration started before the simulator is not ours to feed.
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?> t : List.of(Topics.MIGRATION_DECISIONS, Topics.ROLLOUT_EVENTS, Topics.WORKLOAD_COMMANDS)) {
            decoders.put(t.name(), decoder(t, registryUrl));
            consumer.partitionsFor(t.name()).forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::loop, "workload-simulator");
        this.thread.setDaemon(true);
    }

    /** Touched from the loop while it runs: the liveness signal of a simulator in a container. */
    public Simulator heartbeat(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
        return this;
    }

    public Simulator start() {
        log.accept("workload simulator: scenario " + model.scenario().name() + " (" + model.scenario().description() + ")");
        nextTickNanos = System.nanoTime();
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (running) {
                Heartbeat h = heartbeat;
                if (h != null) {
                    h.beat(clock.instant());
                }
                poll();
                if (System.nanoTime() >= nextTickNanos) {
                    tick();
                    nextTickNanos += interval.toNanos();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.accept("workload simulator stopped: " + e);
        }
    }

    private static <V extends SpecificRecord> DecodeOrDeadLetter<V> decoder(Topic<V> topic, String registryUrl) {
        return new DecodeOrDeadLetter<>(topic, topic.valueSerde(registryUrl).deserializer(), "workload-simulator",
                Clock.systemUTC());
    }

    private void poll() {
        long waitMillis = Math.max(1, Math.min(200, (nextTickNanos - System.nanoTime()) / 1_000_000));
        var records = consumer.poll(Duration.ofMillis(waitMillis));
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                DecodeOrDeadLetter.Outcome<?> outcome;
                try {
                    outcome = decoders.get(r.topic()).decode(r);
                } catch (RuntimeException transientCause) {
                    // Registry or broker away: this record and the rest of its partition are read again at a later
                    // poll instead of being judged unreadable.
                    log.accept("workload simulator: " + tp + "@" + r.offset() + " not read for now: " + transientCause);
                    consumer.seek(tp, r.offset());
                    break;
                }
                if (outcome instanceof DecodeOrDeadLetter.Decoded<?> d) {
                    on(d.value());
                } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<?> u) {
                    log.accept("workload simulator: dead letter for " + tp + "@" + r.offset() + ": " + u.reason());
                    send(Topics.DEAD_LETTERS, u.letter().getKey(), u.letter());
                }
            }
        }
    }

    void on(Object event) {
        if (event instanceof MigrationDecision d && d.getOutcome() == DecisionOutcome.APPROVED) {
            MigrationPlan p = d.getPlan();
            if (p.getWorkload().getAutoScalingGroupName() != null) {
                groups.put(d.getEnvelope().getPlanId(), p.getWorkload().getAutoScalingGroupName());
            }
            if (p.getCheckpoint() != null && p.getCheckpoint().getLocation() != null) {
                checkpointLocations.put(d.getEnvelope().getPlanId(), URI.create(p.getCheckpoint().getLocation()));
            }
            List<String> types = d.getInstanceTypes().isEmpty() ? p.getSpot().getInstanceTypes() : d.getInstanceTypes();
            worlds.computeIfAbsent(d.getEnvelope().getPlanId(), id -> new PlanWorld(id, p.getWorkload().getRegion(),
                    p.getWorkload().getAzPreference(), types, p.getWorkload().getCurrentInstanceType(),
                    p.getSpot().getTargetCapacity()));
        } else if (event instanceof RolloutEvent e) {
            PlanWorld w = worlds.get(e.getEnvelope().getPlanId());
            if (w != null) {
                w.spotShare(e.getSpotPercent(), clock.instant());
                // a step started in the backup region puts its share there; a step in the primary, a rollback or the
                // failover's start or end leaves nothing there
                if (e.getPayload() instanceof RolloutStepStarted s) {
                    w.backupShare(s.getRegion() == null ? 0 : s.getToSpotPercent());
                } else if (e.getPayload() instanceof RolledBack || e.getPayload() instanceof RolloutPaused p
                        && "FAILOVER".equals(p.getReason().getCode())) {
                    w.backupShare(0);
                }
                w.shadowing(e.getStage() == MigrationStage.SHADOW);
                if (FINAL.contains(e.getStage())) {
                    w.finish();
                }
            }
        } else if (event instanceof WorkloadCommand cmd) {
            answer(cmd);
        }
    }

    private void tick() {
        for (PlanWorld w : worlds.values()) {
            if (w.finished()) {
                continue;
            }
            Tick t = model.next(w, clock.instant());
            if (aws != null) {
                putToCloudWatch(w, t);
                continue;
            }
            send(Topics.WORKLOAD_METRICS, w.planId(), Events.sample(w.planId(), t.sample(), clock));
            if (t.shadow() != null) {
                send(Topics.WORKLOAD_METRICS, w.planId(), Events.shadowSample(w.planId(), t.shadow(), clock));
                logMismatches(t.shadow());
            }
            for (Tick.Warning warning : t.warnings()) {
                log.accept("workload simulator: two-minute warning for " + warning.instanceId() + " ("
                        + warning.instanceType() + ", " + warning.availabilityZone() + ") of " + w.planId());
                send(Topics.SPOT_INTERRUPTIONS, w.planId(), Events.warning(w.planId(), warning, clock));
            }
        }
    }

    private void logMismatches(Tick.Shadow shadow) {
        shadow.mismatches().forEach(x -> log.accept("workload simulator: shadow output of " + x.jobId()
                + " differs: spot " + x.spotChecksum() + ", on-demand " + x.onDemandChecksum()));
    }

    /** On AWS the bridge reads the group's metrics; a warning of the scenario is the notice queue's to deliver. */
    private void putToCloudWatch(PlanWorld w, Tick t) {
        String group = groups.get(w.planId());
        if (group == null) {
            return;
        }
        try {
            // One instant for the interval's datapoints and its mismatch records, so the bridge reads them together.
            java.time.Instant at = clock.instant();
            aws.metrics().put(group, t.sample(), at);
            if (t.shadow() != null) {
                aws.putShadow(group, checkpointLocations.get(w.planId()), t.shadow(), at);
                logMismatches(t.shadow());
            }
        } catch (RuntimeException e) {
            log.accept("workload simulator: could not put metrics of " + group
                    + " to CloudWatch (or its shadow run's mismatch records to S3): " + e.getMessage());
        }
    }

    private void answer(WorkloadCommand cmd) {
        String planId = cmd.getEnvelope().getPlanId();
        PlanWorld w = worlds.get(planId);
        try {
            if (cmd.getAction() != WorkloadAction.CHECKPOINT) {
                send(Topics.WORKLOAD_REPORTS, planId, Events.report(cmd, false, 0, null,
                        "the simulated workload only checkpoints", clock));
                return;
            }
            String state = w == null ? "{\"planId\":\"" + planId + "\"}" : w.checkpointState(cmd.getInstanceId());
            StoredObject stored = checkpoints.put(URI.create(cmd.getLocation()), state.getBytes(StandardCharsets.UTF_8));
            log.accept("workload simulator: checkpoint of " + cmd.getInstanceId() + " written to " + cmd.getLocation());
            send(Topics.WORKLOAD_REPORTS, planId, Events.report(cmd, true, stored.sizeBytes(), stored.sha256(), null, clock));
        } catch (RuntimeException e) {
            send(Topics.WORKLOAD_REPORTS, planId, Events.report(cmd, false, 0, null, String.valueOf(e.getMessage()), clock));
        }
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, value), (md, ex) -> {
            if (ex != null) {
                log.accept("workload simulator: could not publish to " + topic.name() + ": " + ex);
            }
        });
    }

    /** Plans being fed now, for tests and the demo's summary. */
    public List<String> plans() {
        return List.copyOf(worlds.keySet());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        cloud.close();
    }
}
