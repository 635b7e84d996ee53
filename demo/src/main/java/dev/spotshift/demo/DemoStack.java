package dev.spotshift.demo;

import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.sim.CapacityCall;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.infra.ChildJvm;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.infra.SpotshiftHome;
import dev.spotshift.schemas.access.Principal;
import dev.spotshift.simulator.Simulator;
import dev.spotshift.simulator.domain.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Everything a whole migration runs on, started locally: a real broker and registry (local-infra),
 * the four services as separate JVMs from their Quarkus fast-jars, and the workload simulator in
 * this JVM. A service that is not built or does not get ready is reported, not hidden: the stack
 * still starts, and the migration shows how far it gets without it. Closing stops everything and
 * deletes every temp directory.
 */
public final class DemoStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("analyzer-service", "coordinator-service", "executor-service",
            "monitor-service");

    /** How one service came up. */
    public record ServiceState(String name, ServiceProcess process, boolean ready, String problem, Duration startup) {}

    /** The live web console: reads the topics, writes nothing; started with the services so a browser can watch. */
    public static final String CONSOLE = "console";

    /** The cloud-bridge, which runs only on AWS: there CloudWatch and the notice queue feed the two topics. */
    public static final String BRIDGE = "cloud-bridge";

    /**
     * How to start the stack; every field has a default. {@code onAws}: the AWS implementation against moto.
     * {@code secured}: the broker with SASL/SCRAM and the catalog's ACLs, every process on its own principal.
     */
    public record Options(Scenario scenario, long seed, Duration sampleInterval, Duration readyTimeout, String serviceHeap,
                          Map<String, String> extraServiceConfig, boolean onAws, boolean secured) {
        public static Options defaults(Scenario scenario) {
            return new Options(scenario, 42, Duration.ofSeconds(1), Duration.ofSeconds(240), "256m", Map.of(), false,
                    false);
        }

        public Options withServiceConfig(Map<String, String> more) {
            Map<String, String> all = new HashMap<>(extraServiceConfig);
            all.putAll(more);
            return new Options(scenario, seed, sampleInterval, readyTimeout, serviceHeap, Map.copyOf(all), onAws, secured);
        }

        public Options withSeed(long newSeed) {
            return new Options(scenario, newSeed, sampleInterval, readyTimeout, serviceHeap, extraServiceConfig, onAws,
                    secured);
        }

        /** Every service on the AWS implementation against a moto the stack starts, with the cloud-bridge. */
        public Options onMoto() {
            return new Options(scenario, seed, sampleInterval, readyTimeout, serviceHeap, extraServiceConfig, true,
                    secured);
        }

        /**
         * Authentication and authorization on ({@link LocalInfra#startSecured()}): each service, the simulator and
         * every client the caller makes through {@link #clientSecurity} log in as their own principal, and the
         * broker allows each only what the topic catalog grants it.
         */
        public Options onSecuredBroker() {
            return new Options(scenario, seed, sampleInterval, readyTimeout, serviceHeap, extraServiceConfig, onAws,
                    true);
        }
    }

    /** The principal each process of the stack logs in as on a secured broker (the catalog's ACLs are per principal). */
    public static final Map<String, Principal> PRINCIPALS = Map.of(
            "analyzer-service", Principal.ANALYZER,
            "coordinator-service", Principal.COORDINATOR,
            "executor-service", Principal.EXECUTOR,
            "monitor-service", Principal.MONITOR,
            CONSOLE, Principal.CONSOLE,
            BRIDGE, Principal.CLOUD_BRIDGE,
            "notifier-service", Principal.NOTIFIER);

    private final LocalInfra infra;
    private final Map<String, ServiceState> services;
    private Simulator simulator;
    private final Consumer<String> progress;
    private final Options options;

    private final Path checkpointDir;
    private final Path worldDir;
    private final Map<String, String> serviceConfig;
    private final AwsWorld aws;

    /** The AWS side of a stack on moto: the account, the queue, and the port as this JVM sees it. */
    private record AwsWorld(MotoAccount account, String noticeQueueUrl, dev.spotshift.cloud.Cloud cloud) {}

    private DemoStack(LocalInfra infra, Map<String, ServiceState> services, Simulator simulator, Options options,
                      Consumer<String> progress, Path checkpointDir, Path worldDir, Map<String, String> serviceConfig,
                      AwsWorld aws) {
        this.aws = aws;
        this.checkpointDir = checkpointDir;
        this.worldDir = worldDir;
        this.serviceConfig = Map.copyOf(serviceConfig);
        this.progress = progress;
        this.infra = infra;
        this.services = services;
        this.simulator = simulator;
        this.options = options;
    }

    /** Starts the infrastructure, then the four services in parallel, then the simulator. */
    public static DemoStack start(Options options, Consumer<String> progress) {
        LocalInfra infra = options.secured() ? LocalInfra.startSecured() : LocalInfra.start();
        Map<String, ServiceState> services = new LinkedHashMap<>();
        Path checkpointDir = null;
        Path worldDir = null;
        AwsWorld aws = null;
        try {
            // One simulated bucket for every JVM: the workload writes a checkpoint, the executor verifies it.
            checkpointDir = Files.createTempDirectory("spotshift-demo-checkpoints-");
            // One simulated account for every JVM: the fleet the executor changes is the one the analyzer reads,
            // and an executor restarted after a crash finds it as it was left.
            worldDir = Files.createTempDirectory("spotshift-demo-world-");
            progress.accept("Kafka " + infra.bootstrapServers() + (options.secured() ? " (SASL/SCRAM, catalog ACLs)" : "")
                    + " and registry " + infra.registryUrl() + " up in " + infra.startupTime().toMillis() / 1000.0
                    + " s; starting the four services and the console ...");
            // The deployment's schema-publishing step: the services run their prod profile, whose serdes only look up.
            publishSchemas(infra.registryUrl(), infra.schemaPublisher());
            Map<String, String> config = new HashMap<>(infra.quarkusConfig());
            // Every simulated cloud (analyzer's market, executor's fleet) draws from the same seed as the simulator.
            config.put("spotshift.cloud.kind", "simulated");
            config.put("spotshift.cloud.seed", Long.toString(options.seed()));
            config.put("quarkus.kafka.devservices.enabled", "false");
            config.put("quarkus.apicurio-registry.devservices.enabled", "false");
            config.put("quarkus.log.console.format", "%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n");
            config.put(CloudFactory.SIM_CHECKPOINT_DIR, checkpointDir.toString());
            config.put(CloudFactory.SIM_WORLD_DIR, worldDir.toString());
            List<String> names = new ArrayList<>(SERVICES);
            names.add(CONSOLE);
            if (options.onAws()) {
                aws = startMoto(config, progress);
                names.add(BRIDGE);
            }
            config.putAll(options.extraServiceConfig());
            Map<String, CompletableFuture<ServiceState>> starting = new LinkedHashMap<>();
            // Own threads, not the common pool: on two cores it would start the services one by one.
            ExecutorService pool = Executors.newFixedThreadPool(names.size());
            for (String name : names) {
                starting.put(name, CompletableFuture.supplyAsync(() -> startService(name, infra, config, options), pool));
            }
            pool.shutdown();
            for (Map.Entry<String, CompletableFuture<ServiceState>> e : starting.entrySet()) {
                ServiceState s = e.getValue().join();
                services.put(e.getKey(), s);
                progress.accept(describe(s));
            }
            Simulator simulator = new Simulator(infra.bootstrapServers(), infra.registryUrl(), options.scenario(),
                    options.seed(), options.sampleInterval(), checkpointDir, onAws(aws),
                    infra.clientSecurity(Principal.WORKLOAD_SIMULATOR), progress).start();
            return new DemoStack(infra, services, simulator, options, progress, checkpointDir, worldDir, config, aws);
        } catch (RuntimeException | java.io.IOException e) {
            services.values().forEach(s -> closeQuietly(s.process()));
            if (aws != null) {
                closeQuietly(aws.cloud());
                closeQuietly(aws.account());
            }
            infra.close();
            ChildJvm.deleteTree(checkpointDir);
            ChildJvm.deleteTree(worldDir);
            throw e instanceof RuntimeException r ? r : new java.io.UncheckedIOException((java.io.IOException) e);
        }
    }

    private static void publishSchemas(String registryUrl, dev.spotshift.schemas.RegistryCredentials publisher) {
        var schemas = dev.spotshift.schemas.SchemaPreregistration.publish(dev.spotshift.schemas.Topics.all(), registryUrl,
                publisher);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!schemas.attempt()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("schemas not published to " + registryUrl + ": " + schemas.detail());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing schemas", e);
            }
        }
    }

    /**
     * moto, its queue, and the services' configuration of the AWS implementation against it. The bridge reads
     * one-second CloudWatch intervals (high resolution, as the simulator puts them) and long-polls the queue briefly,
     * so a demo-speed plan sees its metrics and notices about as soon as on the simulated path.
     */
    private static AwsWorld startMoto(Map<String, String> config, Consumer<String> progress) {
        long t0 = System.nanoTime();
        MotoAccount account = MotoAccount.start();
        account.logTo(progress);
        try {
            String queue = account.createQueue("spotshift-spot-notices");
            config.keySet().removeIf(k -> k.startsWith("spotshift.cloud."));
            config.putAll(account.serviceConfig(queue));
            config.put("spotshift.bridge.metrics.interval", "1s");
            config.put("spotshift.bridge.metrics.settle", "1s");
            config.put("spotshift.bridge.metrics.check-every", "1s");
            config.put("spotshift.bridge.notices.receive-wait", "1s");
            config.put("spotshift.bridge.notices.idle-backoff", "100ms");
            dev.spotshift.cloud.Cloud cloud = CloudFactory.fromConfig(config);
            progress.accept("moto (the AWS account) up at " + account.endpoint() + " in "
                    + (System.nanoTime() - t0) / 1_000_000 / 1000.0 + " s; notice queue " + queue);
            return new AwsWorld(account, queue, cloud);
        } catch (RuntimeException | Error e) {
            // An Error too (a missing class of the SDK's HTTP client): moto is a Python process nothing else stops.
            account.close();
            throw e;
        }
    }

    private static dev.spotshift.simulator.aws.OnAws onAws(AwsWorld aws) {
        return aws == null ? null : new dev.spotshift.simulator.aws.OnAws(
                new dev.spotshift.simulator.aws.CloudWatchWorkload(aws.account().api()), aws.cloud().checkpoints());
    }

    /** The moto account the stack runs on; empty on the simulated market. */
    public java.util.Optional<MotoAccount> moto() {
        return java.util.Optional.ofNullable(aws).map(AwsWorld::account);
    }

    /** The EventBridge rule's queue the cloud-bridge reads (on moto). */
    public String noticeQueueUrl() {
        return requireAws().noticeQueueUrl();
    }

    /** The port to the cloud every service uses, as this JVM sees it (on moto: the AWS implementation). */
    public dev.spotshift.cloud.Cloud cloud() {
        return aws != null ? aws.cloud() : account();
    }

    private AwsWorld requireAws() {
        if (aws == null) {
            throw new IllegalStateException("this stack runs on the simulated market, not on moto");
        }
        return aws;
    }

    private static ServiceState startService(String name, LocalInfra infra, Map<String, String> shared,
                                             Options options) {
        Map<String, String> config = new HashMap<>(shared);
        // the service's own login: what it may read and write is what the catalog grants its principal
        Principal principal = PRINCIPALS.get(name);
        if (principal != null) {
            infra.clientSecurity(principal).forEach((k, v) -> config.put("kafka." + k, v));
        }
        Path jar = runJar(name);
        if (!Files.isRegularFile(jar)) {
            return new ServiceState(name, null, false, "not built: " + jar + " is missing (mvn -B -q install -DskipTests)",
                    Duration.ZERO);
        }
        long t0 = System.nanoTime();
        ServiceProcess p = ServiceProcess.start(name, jar, config, options.serviceHeap());
        boolean ready = p.awaitReady(options.readyTimeout());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (ready) {
            return new ServiceState(name, p, true, null, took);
        }
        String why = p.isAlive() ? "not ready after " + took.toSeconds() + " s" : "exited during startup";
        return new ServiceState(name, p, false, why + "; last lines of " + p.logFile() + ":\n" + p.logTail(15), took);
    }

    public static Path runJar(String service) {
        return SpotshiftHome.locate().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    static String describe(ServiceState s) {
        if (s.ready()) {
            return String.format("  %-20s %s  ready in %.1f s  (pid %d, log %s)", s.name(), s.process().url(),
                    s.startup().toMillis() / 1000.0, s.process().pid(), s.process().logFile());
        }
        return String.format("  %-20s NOT RUNNING: %s", s.name(), s.problem());
    }

    /**
     * The simulated world the plans run in: each workload's Auto Scaling group exists, all on-demand,
     * in every service's simulated cloud (the executor's pre-flight asks for it), and so does its backup region's
     * group (a failover's pre-flight asks for that one).
     */
    public static Map<String, String> worldFor(List<MigrationPlan> plans) {
        List<String> groups = new ArrayList<>();
        for (MigrationPlan p : plans) {
            if (p.getWorkload().getAutoScalingGroupName() != null) {
                List<String> types = new ArrayList<>(List.of(p.getWorkload().getCurrentInstanceType()));
                p.getSpot().getInstanceTypes().stream().filter(t -> !types.contains(t)).forEach(types::add);
                groups.add(p.getWorkload().getRegion() + "/" + p.getWorkload().getAutoScalingGroupName() + "/"
                        + String.join("+", types) + "/" + p.getSpot().getTargetCapacity());
                if (p.getWorkload().getBackupRegion() != null && p.getWorkload().getBackupAutoScalingGroupName() != null) {
                    groups.add(p.getWorkload().getBackupRegion() + "/" + p.getWorkload().getBackupAutoScalingGroupName()
                            + "/" + String.join("+", types) + "/" + p.getSpot().getTargetCapacity());
                }
            }
        }
        return Map.of(CloudFactory.SIM_GROUPS, String.join(",", groups));
    }

    /** Where the console answers, when it runs. */
    /** The analyzer's REST door (plan intake, fleet discovery), when it runs. */
    public synchronized java.util.Optional<String> intakeUrl() {
        ServiceState s = services.get("analyzer-service");
        return s == null || !s.ready() ? java.util.Optional.empty() : java.util.Optional.of(s.process().url());
    }

    /**
     * A bearer token from the stack's own issuer (the key pair local-infra made, whose public key every service
     * verifies against): the REST doors are as closed in the demo as anywhere.
     */
    public String restToken(String subject, String... roles) {
        return dev.spotshift.infra.RestIssuer.shared().token(subject, java.time.Duration.ofHours(8), List.of(roles));
    }

    public synchronized java.util.Optional<String> consoleUrl() {
        ServiceState s = services.get(CONSOLE);
        return s == null || !s.ready() ? java.util.Optional.empty() : java.util.Optional.of(s.process().url());
    }

    public String bootstrapServers() { return infra.bootstrapServers(); }

    /**
     * The client security settings of {@code principal} on this stack's broker (the CLI's, an operator's, the
     * audit's): empty when the stack runs without authentication.
     */
    public Map<String, String> clientSecurity(Principal principal) { return infra.clientSecurity(principal); }

    /** The login of one user by name (an operator's own); a name not provisioned gets one the broker refuses. */
    public Map<String, String> clientSecurity(String user) { return infra.clientSecurity(user); }

    public String registryUrl() { return infra.registryUrl(); }

    public LocalInfra infra() { return infra; }

    public Options options() { return options; }

    public synchronized Map<String, ServiceState> services() { return Map.copyOf(services); }

    /** Kills a running service as a crash would (SIGKILL: no shutdown hook, no commit); returns its pid. */
    public synchronized long crash(String service) {
        ServiceState s = services.get(service);
        if (s == null || s.process() == null || !s.process().isAlive()) {
            throw new IllegalStateException(service + " is not running");
        }
        long pid = s.process().pid();
        s.process().kill();
        progress.accept("  " + service + " (pid " + pid + ") killed with SIGKILL");
        return pid;
    }

    /** Starts a service again with the configuration it had (fresh work and state directories, as on a new node). */
    public synchronized ServiceState restart(String service) {
        ServiceState old = services.get(service);
        if (old == null) {
            throw new IllegalArgumentException("no service " + service + " in this stack: " + services.keySet());
        }
        closeQuietly(old.process());
        ServiceState started = startService(service, infra, serviceConfig, options);
        services.put(service, started);
        progress.accept(describe(started));
        return started;
    }

    /** Every capacity call made on the simulated account so far, by any process, in order. */
    public List<CapacityCall> cloudCalls() {
        return account().calls();
    }

    /** An Auto Scaling group as the simulated account has it now. */
    public dev.spotshift.cloud.GroupState describeGroup(String region, String groupName) {
        return cloud().capacity().describeGroup(region, groupName);
    }

    /**
     * A spot shortage in the region for {@code groupName}: the group can hold at most {@code maxSpot} spot instances
     * for {@code lasts} (its further spot launches fail, written as the group's failed launches, as Auto Scaling does),
     * whatever spot capacity other groups on this shared world (earlier scenarios' completed plans) keep running.
     */
    public void spotShortage(String region, String groupName, int maxSpot, java.time.Duration lasts) {
        java.time.Instant now = java.time.Instant.now();
        SimulatedCloud account = account();
        long others = account.capacity().spotInUseOutside(region, groupName);
        account.spotShortage(region, null, Math.toIntExact(others + maxSpot), now, now.plus(lasts));
    }

    /** Ends the region's spot shortage now. */
    public void endSpotShortage(String region) {
        account().capacity().endSpotLimits(region);
    }

    /** A view of the simulated account every service acts on. */
    private SimulatedCloud account() {
        return new SimulatedCloud(options.seed(), Clock.systemUTC()).shareWorld(worldDir);
    }

    /** Replaces the simulated world's scenario (the e2e suite runs one stack through every scenario). */
    public synchronized void useScenario(Scenario scenario) {
        closeQuietly(simulator);
        simulator = new Simulator(infra.bootstrapServers(), infra.registryUrl(), scenario, options.seed(),
                options.sampleInterval(), checkpointDir, onAws(aws), infra.clientSecurity(Principal.WORKLOAD_SIMULATOR),
                progress).start();
    }

    /** Names of the services that are not running, so a caller can say why a migration cannot finish. */
    public synchronized List<String> missingServices() {
        List<String> missing = new ArrayList<>();
        services.values().stream().filter(s -> !s.ready()).forEach(s -> missing.add(s.name()));
        return missing;
    }

    /** Keep every service's log directory after close (for a failed run). */
    public void keepLogs() {
        services.values().stream().filter(s -> s.process() != null).forEach(s -> s.process().keepLogs());
    }

    /** Stops the simulator, the services (in parallel) and the infrastructure; deletes their temp data. */
    @Override
    public void close() {
        closeQuietly(simulator);
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceState s : services().values()) {
            if (s.process() != null) {
                Thread t = new Thread(s.process()::close, "stop-" + s.name());
                t.start();
                stoppers.add(t);
            }
        }
        for (Thread t : stoppers) {
            try {
                t.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (aws != null) {
            closeQuietly(aws.cloud());
            closeQuietly(aws.account());
        }
        infra.close();
        ChildJvm.deleteTree(checkpointDir);
        ChildJvm.deleteTree(worldDir);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // stopping everything else matters more
        }
    }
}
