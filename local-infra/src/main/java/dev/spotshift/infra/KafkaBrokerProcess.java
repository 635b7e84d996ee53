package dev.spotshift.infra;

import dev.spotshift.infra.child.KafkaFormatAndServe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * A real single-node Kafka KRaft broker (combined broker + controller), Kafka 4.1.1, in its own
 * JVM, on free loopback ports, with its data in a temp directory that is deleted when it stops.
 *
 * <p>The broker's class path comes from {@code infra-dist/kafka-broker/target/broker-classpath.txt},
 * written by that module's build. The child JVM formats the storage and runs {@code kafka.Kafka}
 * (see {@link KafkaFormatAndServe}) behind {@link dev.spotshift.infra.child.ParentWatchdog}, so it
 * dies with this JVM. {@link #start(Options)} returns once an AdminClient can describe the cluster,
 * or throws {@link InfraStartException} within the start timeout (180 s by default), naming what
 * failed and the broker's log file.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** 180 s, or {@code -Dspotshift.local-infra.start-timeout=<seconds>}. */
    public static final Duration DEFAULT_START_TIMEOUT = ChildJvm.defaultStartTimeout();
    static final String BUILD_HINT = "mvn -B -q install -pl infra-dist/kafka-broker";
    private static final int MAX_ATTEMPTS_ON_PORT_CLASH = 3;

    /** How to start the broker; every setting has a default. */
    public static final class Options {
        private Path classpathFile;
        private int port;
        private int controllerPort;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private String maxHeap = "512m";
        private final Map<String, String> extraConfig = new LinkedHashMap<>();
        private String adminPassword;

        /** Default: {@link SpotshiftHome#brokerClasspathFile()}. */
        public Options classpathFile(Path file) { this.classpathFile = file; return this; }

        /** Client listener port on 127.0.0.1; 0 (default) picks a free one. */
        public Options port(int port) { this.port = port; return this; }

        /** Controller listener port on 127.0.0.1; 0 (default) picks a free one. */
        public Options controllerPort(int port) { this.controllerPort = port; return this; }

        public Options startTimeout(Duration timeout) { this.startTimeout = Objects.requireNonNull(timeout); return this; }

        /** Value for -Xmx, e.g. "512m" (default). */
        public Options maxHeap(String maxHeap) { this.maxHeap = Objects.requireNonNull(maxHeap); return this; }

        /**
         * Authentication and authorization on: the client listener takes SASL/SCRAM-SHA-512 only, the KRaft
         * {@code StandardAuthorizer} refuses whatever no ACL allows, and {@link #ADMIN_USER} (a super user, its SCRAM
         * credential written into the storage at format time) is the only principal that can do anything until ACLs
         * are added ({@link BrokerAccess}).
         */
        public Options saslScram(String adminPassword) { this.adminPassword = Objects.requireNonNull(adminPassword); return this; }

        /** Extra or overriding server.properties entries. */
        public Options config(String key, String value) { extraConfig.put(key, value); return this; }
    }

    /** The super user of a {@link Options#saslScram secured} broker: it creates topics, users and ACLs. */
    public static final String ADMIN_USER = "admin";
    static final String SCRAM = "SCRAM-SHA-512";
    /**
     * The secured broker's authorizer: the StandardAuthorizer that also counts and logs refusals once
     * ({@link dev.spotshift.infra.broker.RefusalCountingAuthorizer}). Named, not loaded: this JVM need not have
     * Kafka's broker classes, only the broker's does.
     */
    public static final String AUTHORIZER = "dev.spotshift.infra.broker.RefusalCountingAuthorizer";
    private static final List<String> BROKER_PLUGIN_CLASSES = List.of(AUTHORIZER,
            "dev.spotshift.infra.broker.RefusalCount", "dev.spotshift.infra.broker.RefusalCountMBean");

    private final ChildJvm child;
    private final String adminPassword;
    private final int port;
    private final int controllerPort;
    private final String clusterId;

    private KafkaBrokerProcess(ChildJvm child, int port, int controllerPort, String clusterId, String adminPassword) {
        this.child = child;
        this.adminPassword = adminPassword;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
    }

    public static KafkaBrokerProcess start() {
        return start(new Options());
    }

    public static KafkaBrokerProcess start(Options options) {
        long deadline = System.nanoTime() + options.startTimeout.toNanos();
        List<String> classpath = readClasspath(
                options.classpathFile != null ? options.classpathFile : SpotshiftHome.brokerClasspathFile());
        boolean portsPicked = options.port == 0 || options.controllerPort == 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(options, classpath, deadline);
            } catch (PortClash clash) {
                if (!portsPicked || attempt >= MAX_ATTEMPTS_ON_PORT_CLASH || System.nanoTime() > deadline) {
                    throw new InfraStartException(clash.getMessage());
                }
                // another process took a port between our pick and the broker's bind: pick again
            }
        }
    }

    /** Reads and checks the broker class path file; a missing file or jar says which build makes it. */
    static List<String> readClasspath(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InfraStartException("Kafka broker class path file " + file + " is missing. Build it from the"
                    + " repository root with: " + BUILD_HINT + "   (or any build of the whole project, e.g. mvn -B verify)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new InfraStartException("Cannot read Kafka broker class path file " + file + ": " + e, e);
        }
        List<String> entries = new ArrayList<>();
        for (String entry : text.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        if (entries.isEmpty()) {
            throw new InfraStartException("Kafka broker class path file " + file + " is empty. Rebuild it from the"
                    + " repository root with: " + BUILD_HINT);
        }
        for (String entry : entries) {
            if (!Files.exists(Path.of(entry))) {
                throw new InfraStartException("Kafka broker class path file " + file + " names " + entry
                        + ", which does not exist (local Maven repository cleaned?). Rebuild it from the repository"
                        + " root with: " + BUILD_HINT);
            }
        }
        return entries;
    }

    private static KafkaBrokerProcess startOnce(Options o, List<String> classpath, long deadline) {
        int port = o.port != 0 ? o.port : ChildJvm.freePort();
        int controllerPort = o.controllerPort != 0 ? o.controllerPort : ChildJvm.freePort();
        while (controllerPort == port) {
            controllerPort = ChildJvm.freePort();
        }
        for (int p : new int[] {port, controllerPort}) {
            if (!ChildJvm.portIsFree(p)) {
                throw new PortClash("Kafka broker cannot start: port " + p + " on 127.0.0.1 is already in use");
            }
        }

        Path workDir;
        try {
            workDir = Files.createTempDirectory("spotshift-kafka-");
        } catch (IOException e) {
            throw new InfraStartException("Cannot create a temp directory for the Kafka broker: " + e, e);
        }
        Path logFile = workDir.resolve("broker.log");
        Path props = workDir.resolve("server.properties");
        Path log4j = workDir.resolve("log4j2.properties");
        String clusterId = newClusterId();
        try {
            Files.writeString(props, serverProperties(o, workDir.resolve("data"), port, controllerPort),
                    StandardCharsets.UTF_8);
            Files.writeString(log4j, LOG4J2_CONFIG, StandardCharsets.UTF_8);
        } catch (IOException e) {
            ChildJvm.deleteTree(workDir);
            throw new InfraStartException("Cannot write the Kafka broker configuration in " + workDir + ": " + e, e);
        }

        List<String> jvmArgs = List.of(
                "-Xmx" + o.maxHeap,
                "-Xms64m",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-Dkafka.logs.dir=" + workDir.resolve("logs"));
        List<String> brokerClasspath = new ArrayList<>(classpath);
        try {
            brokerClasspath.add(0, copyBrokerPlugins(workDir.resolve("broker-plugins")).toString());
        } catch (IOException e) {
            ChildJvm.deleteTree(workDir);
            throw new InfraStartException("Cannot copy the broker's authorizer classes into " + workDir + ": " + e, e);
        }
        List<String> mainArgs = new ArrayList<>(List.of(props.toString(), clusterId));
        if (o.adminPassword != null) {
            // the super user's SCRAM credential must exist before the broker serves: it is the inter-broker login
            mainArgs.addAll(List.of("--add-scram", SCRAM + "=[name=" + ADMIN_USER + ",password=" + o.adminPassword + "]"));
        }
        ChildJvm child = ChildJvm.launch("kafka-broker", workDir, jvmArgs, brokerClasspath,
                KafkaFormatAndServe.class.getName(), mainArgs, logFile);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(child, port, controllerPort, clusterId, o.adminPassword);
        boolean[] portOpen = {false};
        child.awaitReady("Kafka broker", "port " + port + " or " + controllerPort, deadline, o.startTimeout,
                List.of("Address already in use"), remainingMs -> {
                    portOpen[0] = portOpen[0] || ChildJvm.portAnswers(port);
                    if (!portOpen[0]) {
                        return "port " + port + " never answered";
                    }
                    try {
                        broker.describeCluster(Math.min(remainingMs, 5_000));
                        return null;
                    } catch (RuntimeException e) {
                        return "port " + port + " answered; last AdminClient error: " + e;
                    }
                });
        return broker;
    }

    /** This module's classes the broker loads (its authorizer), as class files under {@code dir}. */
    private static Path copyBrokerPlugins(Path dir) throws IOException {
        for (String className : BROKER_PLUGIN_CLASSES) {
            String resource = className.replace('.', '/') + ".class";
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            try (var in = KafkaBrokerProcess.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("class file " + resource + " not found beside " + KafkaBrokerProcess.class);
                }
                Files.copy(in, target);
            }
        }
        return dir;
    }

    private void describeCluster(long timeoutMs) {
        Properties p = adminProperties();
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "spotshift-local-infra-probe");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeoutMs));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeoutMs));
        try (Admin admin = Admin.create(p)) {
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                    .nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("cluster has no broker yet");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("Interrupted while waiting for the Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String serverProperties(Options o, Path dataDir, int port, int controllerPort) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", "1");
        c.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        c.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        c.put("log.dirs", dataDir.toString());
        c.put("num.partitions", "1");
        c.put("default.replication.factor", "1");
        c.put("min.insync.replicas", "1");
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "3");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "3");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("auto.create.topics.enable", "true");
        c.put("num.network.threads", "2");
        c.put("num.io.threads", "4");
        c.put("log.cleaner.threads", "1");
        // compacted topics in tests: let the cleaner run soon
        c.put("log.cleaner.backoff.ms", "1000");
        if (o.adminPassword != null) {
            secure(c, o.adminPassword, port, controllerPort);
        }
        c.putAll(o.extraConfig);
        StringBuilder sb = new StringBuilder("# written by dev.spotshift.infra.KafkaBrokerProcess\n");
        c.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return sb.toString();
    }

    /**
     * SASL on both listeners. Clients and the broker itself use SCRAM-SHA-512 on CLIENT; the controller listener
     * uses PLAIN with its one user in the JAAS line, because KRaft cannot check SCRAM before it has read the
     * metadata log that holds the credentials.
     */
    private static void secure(Map<String, String> c, String adminPassword, int port, int controllerPort) {
        c.put("listeners", "CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        c.put("advertised.listeners", "CLIENT://127.0.0.1:" + port);
        c.put("inter.broker.listener.name", "CLIENT");
        c.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        c.put("sasl.mechanism.inter.broker.protocol", SCRAM);
        c.put("sasl.mechanism.controller.protocol", "PLAIN");
        c.put("listener.name.client.sasl.enabled.mechanisms", SCRAM);
        c.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        c.put("listener.name.client.scram-sha-512.sasl.jaas.config", scramJaas(ADMIN_USER, adminPassword));
        c.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN_USER
                        + "\" password=\"" + adminPassword + "\" user_" + ADMIN_USER + "=\"" + adminPassword + "\";");
        c.put("authorizer.class.name", AUTHORIZER);
        c.put("super.users", "User:" + ADMIN_USER);
        c.put("allow.everyone.if.no.acl.found", "false");
        // topics come from the catalog only: a client cannot create one by naming it
        c.put("auto.create.topics.enable", "false");
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Client settings of {@code user} on this broker (bootstrap servers, and SASL when it is secured). */
    public Properties clientProperties(String user, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        if (secured()) {
            p.put("security.protocol", "SASL_PLAINTEXT");
            p.put("sasl.mechanism", SCRAM);
            p.put("sasl.jaas.config", scramJaas(user, password));
        }
        return p;
    }

    /** Client settings of the super user (plain bootstrap servers on an unsecured broker). */
    public Properties adminProperties() {
        return clientProperties(ADMIN_USER, adminPassword);
    }

    /** Whether SASL and ACLs are on ({@link Options#saslScram}). */
    public boolean secured() { return adminPassword != null; }

    /** A KRaft cluster id: a random UUID, base64url without padding, as {@code kafka-storage random-uuid} makes. */
    static String newClusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static final String LOG4J2_CONFIG = String.join("\n", Arrays.asList(
            "# written by dev.spotshift.infra.KafkaBrokerProcess: everything to stdout (the broker log file)",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = STDOUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = STDOUT",
            "logger.statechange.name = state.change.logger",
            "logger.statechange.level = WARN",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = WARN",
            "logger.authorizer.name = kafka.authorizer.logger",
            "logger.authorizer.level = WARN",
            "logger.refusals.name = dev.spotshift.broker.refusals",
            "logger.refusals.level = INFO",
            "")) ;

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() { return "127.0.0.1:" + port; }

    public int port() { return port; }

    public int controllerPort() { return controllerPort; }

    public String clusterId() { return clusterId; }

    public long pid() { return child.pid(); }

    public boolean isAlive() { return child.isAlive(); }

    /** The broker's temp directory (configuration, data, log); deleted by {@link #close()}. */
    public Path workDir() { return child.workDir(); }

    public Path logFile() { return child.logFile(); }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() { child.close(); }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[" + bootstrapServers() + ", pid " + pid() + ", log " + logFile() + "]";
    }
}
