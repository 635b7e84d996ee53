package dev.spotshift.cloud;

import dev.spotshift.cloud.sim.Scenario;
import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Builds the cloud a service runs against from flat configuration (Quarkus config, system properties, a map in
 * tests). Credentials are never configuration: the AWS side uses the SDK's default provider chain.
 */
public final class CloudFactory {

    /** {@code simulated} (default) or {@code aws}. */
    public static final String KIND = "spotshift.cloud.kind";
    /** Seed of the simulated world (default 42). */
    public static final String SEED = "spotshift.cloud.seed";
    /** {@code system} (default: the demo runs in real time) or {@code manual} (a {@link SimClock}). */
    public static final String SIM_CLOCK = "spotshift.cloud.sim.clock";
    /** Start instant of the manual clock (ISO-8601; default 2025-01-01T00:00:00Z). */
    public static final String SIM_START = "spotshift.cloud.sim.start";
    /** Optional path of a scenario YAML file, played when the cloud is built. */
    public static final String SIM_SCENARIO = "spotshift.cloud.sim.scenario";
    /**
     * Auto Scaling groups the simulated world starts with, all on-demand: comma-separated
     * {@code region/name/type[+type...]/desired}, e.g. {@code us-east-1/nightly-etl-batch/m5.large+m5a.large/4}.
     * The demo gives every service the same list, so each one's simulated cloud knows the workload's group.
     */
    public static final String SIM_GROUPS = "spotshift.cloud.sim.groups";
    /**
     * Optional directory for the simulated checkpoint store. Every process of one demo gets the same one, so a
     * checkpoint the workload writes is the one the executor verifies (as with a real bucket).
     */
    public static final String SIM_CHECKPOINT_DIR = "spotshift.cloud.sim.checkpoint-dir";
    /**
     * Optional directory holding the simulated fleet (groups, instances, the ledger of capacity calls) and the
     * interruption queue. Every process of one demo gets the same one, so they act on one simulated account and a
     * service restarted after a crash finds the fleet as it left it, as it would on AWS.
     */
    public static final String SIM_WORLD_DIR = "spotshift.cloud.sim.world-dir";
    /** Region of the AWS clients when the default chain gives none (optional). */
    public static final String AWS_REGION = "spotshift.cloud.aws.region";
    /** Endpoint of every AWS client (emulators, VPC endpoints); optional. */
    public static final String AWS_ENDPOINT_OVERRIDE = "spotshift.cloud.aws.endpoint-override";
    /** S3 endpoint when it differs from the other services' (optional); path-style addressing is then used. */
    public static final String AWS_S3_ENDPOINT_OVERRIDE = "spotshift.cloud.aws.s3.endpoint-override";
    /** SQS endpoint when it differs (optional). */
    public static final String AWS_SQS_ENDPOINT_OVERRIDE = "spotshift.cloud.aws.sqs.endpoint-override";
    /** URL of the SQS queue the EventBridge rule feeds (needed to read notices). */
    public static final String AWS_NOTICE_QUEUE_URL = "spotshift.cloud.aws.notice-queue-url";
    /** SDK attempts per call including the first, with backoff and jitter (default 5). */
    public static final String AWS_MAX_ATTEMPTS = "spotshift.cloud.aws.max-attempts";

    public static final long DEFAULT_SEED = 42L;
    public static final Instant DEFAULT_SIM_START = Instant.parse("2025-01-01T00:00:00Z");

    private CloudFactory() {
    }

    /**
     * The cloud from a service's whole configuration (e.g. MicroProfile Config's names and lookup): only the
     * {@code spotshift.cloud.*} properties are read.
     */
    public static Cloud fromProperties(Iterable<String> names, java.util.function.Function<String, java.util.Optional<String>> value) {
        Map<String, String> flat = new java.util.HashMap<>();
        for (String name : names) {
            if (name.startsWith("spotshift.cloud.")) {
                value.apply(name).ifPresent(v -> flat.put(name, v));
            }
        }
        return fromConfig(flat);
    }

    public static Cloud fromConfig(Map<String, String> config) {
        String kind = config.getOrDefault(KIND, "simulated").trim();
        return switch (kind) {
            case "simulated" -> simulated(config);
            case "aws" -> dev.spotshift.cloud.aws.AwsCloud.fromConfig(config);
            default -> throw new IllegalArgumentException(KIND + " must be 'simulated' or 'aws', not '" + kind + "'");
        };
    }

    private static SimulatedCloud simulated(Map<String, String> config) {
        long seed = parseLong(config, SEED, DEFAULT_SEED);
        String clockKind = config.getOrDefault(SIM_CLOCK, "system").trim();
        Clock clock = switch (clockKind) {
            case "system" -> Clock.systemUTC();
            case "manual" -> new SimClock(config.containsKey(SIM_START)
                    ? Instant.parse(config.get(SIM_START)) : DEFAULT_SIM_START);
            default -> throw new IllegalArgumentException(SIM_CLOCK + " must be 'system' or 'manual', not '" + clockKind + "'");
        };
        SimulatedCloud cloud = new SimulatedCloud(seed, clock);
        String worldDir = config.get(SIM_WORLD_DIR);
        if (worldDir != null && !worldDir.isBlank()) {
            cloud.shareWorld(Path.of(worldDir.trim())); // before the groups: a shared world keeps what others did
        }
        createGroups(cloud, config.getOrDefault(SIM_GROUPS, ""));
        String checkpointDir = config.get(SIM_CHECKPOINT_DIR);
        if (checkpointDir != null && !checkpointDir.isBlank()) {
            cloud.checkpoints().backedBy(Path.of(checkpointDir.trim()));
        }
        String scenario = config.get(SIM_SCENARIO);
        if (scenario != null && !scenario.isBlank()) {
            try {
                cloud.play(Scenario.parseYaml(Files.readString(Path.of(scenario))));
            } catch (IOException e) {
                throw new UncheckedIOException(SIM_SCENARIO + " cannot be read: " + scenario, e);
            }
        }
        return cloud;
    }

    private static void createGroups(SimulatedCloud cloud, String spec) {
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] p = entry.trim().split("/");
            if (p.length != 4) {
                throw new IllegalArgumentException(SIM_GROUPS + " entries are region/name/type[+type...]/desired, not '"
                        + entry.trim() + "'");
            }
            int desired = Integer.parseInt(p[3].trim());
            cloud.capacity().ensureGroup(p[0].trim(), p[1].trim(), 1, Math.max(1, desired), Math.max(1, desired),
                    new SpotShare(0, 100, SpotShare.PRICE_CAPACITY_OPTIMIZED, java.util.List.of(p[2].trim().split("\\+"))));
        }
    }

    static long parseLong(Map<String, String> config, String key, long fallback) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }
}
