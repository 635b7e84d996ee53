package dev.spotshift.bench;

import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.executor.actuation.Actuator;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.schemas.TopicSerdes;
import org.apache.kafka.common.serialization.Serializer;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.executor.streams.ExecutorMetrics;
import dev.spotshift.executor.streams.RolloutTopology;
import dev.spotshift.monitor.streams.MonitorMetrics;
import dev.spotshift.monitor.streams.MonitorSettings;
import dev.spotshift.monitor.streams.MonitorTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import dev.spotshift.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The monitor's and the executor's real topologies, built by their own public builders, run in this JVM with
 * the Streams settings of their application.properties. A fresh application id and state directory per run:
 * each measure starts from nothing, as a new deployment would.
 */
public final class Apps {

    /** What the executor's topology consumes through its group (the kill switch is a global table, read whole). */
    static final List<String> EXECUTOR_INPUTS = List.of(Topics.MIGRATION_DECISIONS.name(), Topics.GATE_VERDICTS.name(),
            Topics.ROLLBACK_COMMANDS.name(), Topics.OPERATOR_COMMANDS.name(), Topics.WORKLOAD_METRICS.name(),
            Topics.CLOUD_OUTCOMES.name());

    private Apps() {}

    /** A running Streams app plus what the benchmark reads off it. */
    public record App(String applicationId, KafkaStreams streams, MeterRegistry meters, AutoCloseable beside,
                      java.util.concurrent.atomic.AtomicLong runningAt) implements AutoCloseable {

        App(String applicationId, KafkaStreams streams, MeterRegistry meters,
            java.util.concurrent.atomic.AtomicLong runningAt) {
            this(applicationId, streams, meters, null, runningAt);
        }

        /**
         * System.nanoTime() when the instance first reached RUNNING (group joined, tasks assigned, stores restored:
         * ready to read its inputs), or 0 before that.
         */
        public long firstRunningNanos() {
            return runningAt.get();
        }

        /** Samples the monitor has taken in (judged, ignored or dead-lettered), committed or not yet. */
        public long samplesTakenIn() {
            return (long) (count("spotshift.monitor.samples.judged") + count("spotshift.monitor.samples.ignored")
                    + meters.find("spotshift.monitor.dead.letters").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum());
        }

        private double count(String name) {
            io.micrometer.core.instrument.Counter c = meters.find(name).counter();
            return c == null ? 0 : c.count();
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(30));
            if (beside != null) {
                try {
                    beside.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public static App monitor(Clients clients, String offsetReset) {
        return monitor(clients, offsetReset, "bench-monitor-" + UUID.randomUUID());
    }

    /** A monitor instance of the given application id (a second instance of the same id shares its partitions). */
    public static App monitor(Clients clients, String offsetReset, String applicationId) {
        MeterRegistry meters = new SimpleMeterRegistry();
        MonitorMetrics metrics = new MonitorMetrics(meters);
        // gate check and grace as application.properties sets them for production (1 s each)
        Topology topology = MonitorTopology.build(TopicSerdes.registry(clients.registryUrl()),
                new MonitorSettings("monitor-service/bench", 1_000, 1_000), metrics);
        return start(clients, monitorSettings(clients, applicationId, offsetReset), topology, meters, offsetReset,
                MonitorIngest.INPUTS);
    }

    /**
     * The Streams runtime alone under the monitor's settings (exactly_once_v2, its commit interval): the monitor's
     * input topics read as bytes, each record counted in {@code seen} and dropped. Nothing decoded, no store, no
     * output: what any exactly-once Streams app pays to read this backlog before doing anything with it.
     */
    public static App passThrough(Clients clients, java.util.concurrent.atomic.AtomicLong seen) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(MonitorIngest.INPUTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .foreach((key, value) -> seen.incrementAndGet());
        return start(clients, monitorSettings(clients, "bench-passthrough-" + UUID.randomUUID(), "earliest"),
                builder.build(), new SimpleMeterRegistry(), "earliest", MonitorIngest.INPUTS);
    }

    private static Properties monitorSettings(Clients clients, String applicationId, String offsetReset) {
        Properties p = common(clients, applicationId, offsetReset);
        // as monitor-service/src/main/resources/application.properties ships: commit every 100 ms, a 10 MiB record
        // cache (the plan-status and plan-context stores write one changelog record per plan per commit)
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10 * 1024 * 1024);
        return p;
    }

    /** The executor with the simulated cloud given here, so its capacity calls are recorded with their times. */
    public static App executor(Clients clients, SimulatedCloud cloud, Settings settings, Duration tick,
                               String offsetReset) {
        return executor(clients, cloud, settings, tick, offsetReset, "bench-executor-" + UUID.randomUUID());
    }

    public static App executor(Clients clients, SimulatedCloud cloud, Settings settings, Duration tick,
                               String offsetReset, String applicationId) {
        MeterRegistry meters = new SimpleMeterRegistry();
        Topology topology = RolloutTopology.build(TopicSerdes.registry(clients.registryUrl()),
                new RolloutMachine(settings), "bench", new ExecutorMetrics(meters), tick, "executor-service/bench");
        // executor-service/src/main/resources/application.properties sets only the guarantee and the state dir
        App streams = start(clients, common(clients, applicationId, offsetReset), topology,
                meters, offsetReset, EXECUTOR_INPUTS);
        // As in the service: the actuator carries out the executor's cloud commands beside its Streams job.
        @SuppressWarnings("unchecked")
        Serializer<Object> values = (Serializer<Object>) (Serializer<?>) Topics.CLOUD_OUTCOMES
                .valueSerde(clients.registryUrl()).serializer();
        Actuator actuator = new Actuator(clients.bootstrap(), values,
                Topics.CLOUD_COMMANDS.valueSerde(clients.registryUrl()).deserializer(),
                new CloudActions(cloud, 3, "executor-service/bench (actuator)"), 64, meters, cloud.clock()).start();
        return new App(streams.applicationId(), streams.streams(), meters, actuator, streams.runningAt());
    }

    private static Properties common(Clients clients, String applicationId, String offsetReset) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.putAll(clients.security());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        try {
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("spotshift-bench-state").toString());
        } catch (IOException e) {
            throw new IllegalStateException("no temp directory for Streams state", e);
        }
        return p;
    }

    /**
     * "latest" is made exact by committing the inputs' end offsets for the new group before it starts: the
     * reset policy alone resolves "latest" at the first fetch, after RUNNING, and events sent in between are lost.
     */
    private static App start(Clients clients, Properties p, Topology topology, MeterRegistry meters,
                             String offsetReset, List<String> inputs) {
        if (offsetReset.equals("latest")) {
            commitEnds(clients, p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), inputs);
        }
        KafkaStreams streams = new KafkaStreams(topology, p);
        java.util.concurrent.atomic.AtomicLong runningAt = new java.util.concurrent.atomic.AtomicLong();
        // taken on the stream thread as the state changes, not by a poller that may see RUNNING late
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            }
        });
        streams.start();
        return new App(p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), streams, meters, runningAt);
    }

    static void commitEnds(Clients clients, String groupId, List<String> topics) {
        try (Admin admin = clients.admin()) {
            Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
            for (String t : topics) {
                int partitions = Topics.byName(t).orElseThrow().partitions();
                for (int i = 0; i < partitions; i++) {
                    spec.put(new TopicPartition(t, i), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(groupId, ends).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + groupId + " at the end of its inputs", e);
        }
    }

    /** Bounded wait for RUNNING (a first rebalance takes the broker's initial delay, about 3 s). */
    public static void awaitRunning(App app, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || app.streams().state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException(app.applicationId() + " not RUNNING after " + timeout + ": "
                        + app.streams().state());
            }
            Waits.pause(50);
        }
    }
}
