package dev.spotshift.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A Kafka cluster and an Apicurio Registry for tests and the demo, with every topic of the
 * catalog ({@code dev.spotshift.schemas.Topics.all()}) created.
 *
 * <p>Where they come from, in order:
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} set: that cluster ({@link Kind#EXTERNAL});</li>
 *   <li>else, when a Docker engine answers: Testcontainers ({@link Kind#TESTCONTAINERS});</li>
 *   <li>else: a real Kafka 4.1.1 KRaft broker and Apicurio Registry 2.4.2, each in a child JVM
 *       launched from the builds under {@code infra-dist/} ({@link Kind#PROCESSES}), started in parallel.</li>
 * </ol>
 * {@code APICURIO_REGISTRY_URL}, when set, is used as the registry in every case. The choice can be
 * forced with {@code -Dspotshift.local-infra=processes|testcontainers|auto} or env
 * {@code SPOTSHIFT_LOCAL_INFRA}.
 *
 * <p>Child processes die with this JVM (a JVM shutdown hook stops them and deletes their temp data;
 * after a SIGKILL of this JVM their watchdog stops them). Starting fails with
 * {@link InfraStartException} within about a minute, never hangs.
 */
public final class LocalInfra implements AutoCloseable {

    public enum Kind { EXTERNAL, TESTCONTAINERS, PROCESSES }

    public static final String ENV_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String ENV_REGISTRY_URL = "APICURIO_REGISTRY_URL";
    public static final String MODE_PROPERTY = "spotshift.local-infra";
    public static final String ENV_MODE = "SPOTSHIFT_LOCAL_INFRA";

    static final String SHARED_BOOTSTRAP_PROPERTY = "spotshift.local-infra.shared.bootstrap-servers";
    static final String SHARED_REGISTRY_PROPERTY = "spotshift.local-infra.shared.registry-url";
    static final String SHARED_KIND_PROPERTY = "spotshift.local-infra.shared.kind";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    // at least the child JVMs' own start timeout (-Dspotshift.local-infra.start-timeout, raised on a loaded machine)
    // and a minute for the users, ACLs and topics after it: a broker given 240 s was otherwise cut off at 120
    private static final Duration START_WAIT = Duration.ofSeconds(
            Math.max(120, ChildJvm.defaultStartTimeout().toSeconds() + 60));
    private static final System.Logger LOG = System.getLogger(LocalInfra.class.getName());

    private static LocalInfra shared;
    private static RuntimeException sharedFailure;

    private final Kind kind;
    private final String bootstrapServers;
    private final String registryUrl;
    private final KafkaBrokerProcess broker;
    private final ApicurioRegistryProcess registry;
    private final List<AutoCloseable> owned;
    private final boolean closeable;
    private final Duration startupTime;
    private final BrokerAccess access;

    private LocalInfra(Kind kind, String bootstrapServers, String registryUrl, KafkaBrokerProcess broker,
                       ApicurioRegistryProcess registry, List<AutoCloseable> owned, boolean closeable,
                       Duration startupTime) {
        this(kind, bootstrapServers, registryUrl, broker, registry, owned, closeable, startupTime, null);
    }

    private LocalInfra(Kind kind, String bootstrapServers, String registryUrl, KafkaBrokerProcess broker,
                       ApicurioRegistryProcess registry, List<AutoCloseable> owned, boolean closeable,
                       Duration startupTime, BrokerAccess access) {
        this.access = access;
        this.kind = kind;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.broker = broker;
        this.registry = registry;
        this.owned = owned;
        this.closeable = closeable;
        this.startupTime = startupTime;
    }

    /** Starts (or attaches to) Kafka and the registry as described above and creates the catalog's topics. */
    public static LocalInfra start() {
        return start(System.getenv(), System.getProperty(MODE_PROPERTY));
    }

    /** Always launches the broker and the registry as child JVMs (ignores the environment and Docker). */
    public static LocalInfra startProcesses() {
        return start(Map.of(), "processes");
    }

    /**
     * As {@link #startProcesses()}, with authentication and authorization on: the broker takes SASL/SCRAM only and
     * its {@code StandardAuthorizer} allows exactly the catalog's ACLs ({@link BrokerAccess}), each {@link
     * dev.spotshift.schemas.access.Principal} a SCRAM user of its own. Always child JVMs: the super user's credential
     * is written into the KRaft storage at format time, which only a broker this JVM formats allows. The registry is
     * external when the environment names one, as for {@link #start()}.
     */
    public static LocalInfra startSecured() {
        long t0 = System.nanoTime();
        String externalRegistry = normalizeRegistryUrl(
                dev.spotshift.schemas.Endpoints.registryUrl(System.getenv()).orElse(null));
        CompletableFuture<BrokerAccess> accessFuture = async("kafka-broker", BrokerAccess::start);
        CompletableFuture<ApicurioRegistryProcess> registryFuture = externalRegistry != null
                ? CompletableFuture.completedFuture(null)
                : async("apicurio-registry", () -> ApicurioRegistryProcess.start(
                        new ApicurioRegistryProcess.Options().authenticatedWrites(true)));
        BrokerAccess access = null;
        ApicurioRegistryProcess registry = null;
        RuntimeException failure = null;
        try {
            access = await(accessFuture, "Kafka broker (SASL/SCRAM, ACLs)");
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            registry = await(registryFuture, "Apicurio Registry");
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            closeQuietly(access);
            closeQuietly(registry);
            throw failure;
        }
        List<AutoCloseable> owned = new ArrayList<>();
        if (registry != null) {
            owned.add(registry);
        }
        owned.add(access);
        try {
            // the deployment's publishing step, as the publisher: the registry takes writes from nobody else
            publishSchemas(externalRegistry != null ? externalRegistry : registry.registryUrl(),
                    externalRegistry != null ? dev.spotshift.schemas.RegistryCredentials.fromEnvironment()
                            : RegistryAccess.publisher());
        } catch (RuntimeException e) {
            closeQuietly(access);
            closeQuietly(registry);
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        LocalInfra infra = new LocalInfra(Kind.PROCESSES, access.bootstrapServers(),
                externalRegistry != null ? externalRegistry : registry.registryUrl(), access.broker(), registry, owned,
                true, took, access);
        LOG.log(System.Logger.Level.INFO, "Secured local infrastructure ready in {0} ms: {1}", took.toMillis(), infra);
        return infra;
    }

    /**
     * One instance per JVM, started on first use and stopped by the JVM shutdown hook; its
     * {@link #close()} does nothing, so test classes can share it. A failed start is remembered and
     * rethrown at once to later callers. Shared across class loaders through system properties.
     */
    public static synchronized LocalInfra shared() {
        if (shared != null) {
            return shared;
        }
        if (sharedFailure != null) {
            throw new InfraStartException("Shared local infrastructure failed to start earlier in this JVM: "
                    + sharedFailure.getMessage(), sharedFailure);
        }
        String bootstrap = System.getProperty(SHARED_BOOTSTRAP_PROPERTY);
        String registryUrl = System.getProperty(SHARED_REGISTRY_PROPERTY);
        if (bootstrap != null && registryUrl != null) {
            // started by another class loader of this JVM (e.g. a Quarkus test class loader)
            Kind kind = Kind.valueOf(System.getProperty(SHARED_KIND_PROPERTY, Kind.EXTERNAL.name()));
            shared = new LocalInfra(kind, bootstrap, registryUrl, null, null, List.of(), false, Duration.ZERO);
            return shared;
        }
        try {
            LocalInfra started = start();
            shared = new LocalInfra(started.kind, started.bootstrapServers, started.registryUrl, started.broker,
                    started.registry, List.of(), false, started.startupTime);
            if (started.kind == Kind.TESTCONTAINERS) {
                // containers are not child processes: stop them from a hook of their own
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "spotshift-testcontainers-stop"));
            }
            System.setProperty(SHARED_BOOTSTRAP_PROPERTY, shared.bootstrapServers);
            System.setProperty(SHARED_REGISTRY_PROPERTY, shared.registryUrl);
            System.setProperty(SHARED_KIND_PROPERTY, shared.kind.name());
            return shared;
        } catch (RuntimeException e) {
            sharedFailure = e;
            throw e;
        }
    }

    static LocalInfra start(Map<String, String> env, String modeProperty) {
        long t0 = System.nanoTime();
        String mode = firstNonBlank(modeProperty, env.get(ENV_MODE), "auto").toLowerCase(Locale.ROOT);
        String externalBootstrap = blankToNull(env.get(ENV_BOOTSTRAP_SERVERS));
        // the services' name first (MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL), then APICURIO_REGISTRY_URL
        String externalRegistry = normalizeRegistryUrl(dev.spotshift.schemas.Endpoints.registryUrl(env).orElse(null));
        LocalInfra infra;
        switch (mode) {
            case "processes":
                infra = startProcesses(null, externalRegistry, t0);
                break;
            case "testcontainers":
                infra = startTestcontainers(externalRegistry, t0);
                break;
            case "auto":
                if (externalBootstrap != null) {
                    infra = startProcesses(externalBootstrap, externalRegistry, t0);
                } else if (TestcontainersInfra.dockerAvailable(Duration.ofSeconds(15))) {
                    infra = startTestcontainers(externalRegistry, t0);
                } else {
                    infra = startProcesses(null, externalRegistry, t0);
                }
                break;
            default:
                throw new InfraStartException("Unknown local infrastructure mode '" + mode + "' (from -D" + MODE_PROPERTY
                        + " or " + ENV_MODE + "); use auto, processes or testcontainers");
        }
        try {
            TopicCatalog.createAll(infra.bootstrapServers, TOPIC_TIMEOUT);
            // as a deployment does before any client runs: the clients' serdes only look their schemas up
            publishSchemas(infra.registryUrl, dev.spotshift.schemas.RegistryCredentials.fromEnvironment());
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Local infrastructure ready in {0} ms: {1}",
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), infra);
        return infra.withStartupTime(Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Kafka: external when {@code externalBootstrap} is given, else a child JVM; registry likewise. */
    private static LocalInfra startProcesses(String externalBootstrap, String externalRegistry, long t0) {
        CompletableFuture<KafkaBrokerProcess> brokerFuture = externalBootstrap != null
                ? CompletableFuture.completedFuture(null)
                : async("kafka-broker", KafkaBrokerProcess::start);
        CompletableFuture<ApicurioRegistryProcess> registryFuture = externalRegistry != null
                ? CompletableFuture.completedFuture(null)
                : async("apicurio-registry", ApicurioRegistryProcess::start);
        KafkaBrokerProcess broker = null;
        ApicurioRegistryProcess registry = null;
        RuntimeException failure = null;
        try {
            broker = await(brokerFuture, "Kafka broker");
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            registry = await(registryFuture, "Apicurio Registry");
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            closeQuietly(broker);
            closeQuietly(registry);
            throw failure;
        }
        List<AutoCloseable> owned = new ArrayList<>();
        if (registry != null) {
            owned.add(registry);
        }
        if (broker != null) {
            owned.add(broker);
        }
        Kind kind = externalBootstrap != null ? Kind.EXTERNAL : Kind.PROCESSES;
        return new LocalInfra(kind,
                externalBootstrap != null ? externalBootstrap : broker.bootstrapServers(),
                externalRegistry != null ? externalRegistry : registry.registryUrl(),
                broker, registry, owned, true, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static LocalInfra startTestcontainers(String externalRegistry, long t0) {
        TestcontainersInfra containers = TestcontainersInfra.start();
        return new LocalInfra(Kind.TESTCONTAINERS, containers.bootstrapServers(),
                externalRegistry != null ? externalRegistry : containers.registryUrl(),
                null, null, List.of(containers), true, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Registers every catalog topic's value schema and rule ({@code spotshift schemas publish}); retries for a minute,
     * since a registry that just answered ready may still refuse its first writes.
     */
    private static void publishSchemas(String registryUrl, dev.spotshift.schemas.RegistryCredentials as) {
        var schemas = dev.spotshift.schemas.SchemaPreregistration.publish(dev.spotshift.schemas.Topics.all(), registryUrl, as);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!schemas.attempt()) {
            if (System.nanoTime() > deadline) {
                throw new InfraStartException("schemas not published to " + registryUrl + " as " + as + ": "
                        + schemas.detail());
            }
            try {
                Thread.sleep(500); // a bounded retry of a start-up step, not a test wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfraStartException("interrupted while publishing schemas to " + registryUrl, e);
            }
        }
    }

    /**
     * The credentials of the schema-publishing step against this registry: the local issuer's publisher where this
     * instance started the registry with authenticated writes ({@link #startSecured()}), else the environment's.
     */
    public dev.spotshift.schemas.RegistryCredentials schemaPublisher() {
        return registry != null && registry.authenticatedWrites() ? RegistryAccess.publisher()
                : dev.spotshift.schemas.RegistryCredentials.fromEnvironment();
    }

    private static <T> CompletableFuture<T> async(String name, Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "spotshift-start-" + name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new InfraStartException(what + " failed to start: " + cause, cause);
        } catch (TimeoutException e) {
            throw new InfraStartException(what + " did not start within " + START_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("Interrupted while starting " + what, e);
        }
    }

    private LocalInfra withStartupTime(Duration d) {
        return new LocalInfra(kind, bootstrapServers, registryUrl, broker, registry, owned, closeable, d, access);
    }

    /** The users and ACLs of a {@link #startSecured() secured} broker; empty on a broker without authentication. */
    public Optional<BrokerAccess> access() { return Optional.ofNullable(access); }

    /**
     * The client security settings ({@code security.protocol}, {@code sasl.*}) a process running as {@code principal}
     * logs in with; empty on a broker without authentication, where every client connects in plain text.
     */
    public Map<String, String> clientSecurity(dev.spotshift.schemas.access.Principal principal) {
        return access == null ? Map.of() : securityOf(access.clientProperties(principal));
    }

    /**
     * As {@link #clientSecurity(dev.spotshift.schemas.access.Principal)} for one login by name (an operator's own,
     * {@code alice}); a name the broker never provisioned gets a login the broker refuses at authentication.
     */
    public Map<String, String> clientSecurity(String user) {
        if (access == null) {
            return Map.of();
        }
        boolean provisioned = java.util.Arrays.stream(dev.spotshift.schemas.access.Principal.values())
                .anyMatch(p -> p.logins().contains(user));
        return securityOf(provisioned ? access.clientProperties(user) : access.unprovisionedClientProperties(user));
    }

    private static Map<String, String> securityOf(java.util.Properties client) {
        Map<String, String> security = new java.util.TreeMap<>();
        client.forEach((k, v) -> {
            if (dev.spotshift.schemas.access.KafkaClientSecurity.isSecurityKey(k.toString())) {
                security.put(k.toString(), v.toString());
            }
        });
        return Map.copyOf(security);
    }

    /**
     * {@link #quarkusConfig()} for a service that logs in as {@code principal}: its security settings under the
     * {@code kafka.} prefix every client of a service reads (channels, Streams, hand-built clients).
     */
    public Map<String, String> quarkusConfig(dev.spotshift.schemas.access.Principal principal) {
        Map<String, String> config = new java.util.HashMap<>(quarkusConfig());
        clientSecurity(principal).forEach((k, v) -> config.put("kafka." + k, v));
        return Map.copyOf(config);
    }

    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:41234}. */
    public String bootstrapServers() { return bootstrapServers; }

    /** Apicurio Registry v2 REST API, e.g. {@code http://127.0.0.1:41235/apis/registry/v2}. */
    public String registryUrl() { return registryUrl; }

    /** Where the infrastructure comes from. */
    public Kind kind() { return kind; }

    /** The launched broker, when this instance launched one (kind PROCESSES, in the JVM that started it). */
    public Optional<KafkaBrokerProcess> broker() { return Optional.ofNullable(broker); }

    /** The launched registry, when this instance launched one. */
    public Optional<ApicurioRegistryProcess> registry() { return Optional.ofNullable(registry); }

    /** Time from the start call until topics were created (zero for an attached shared instance). */
    public Duration startupTime() { return startupTime; }

    /**
     * The configuration a Quarkus service needs to use this infrastructure: the one key for the broker and the one for
     * the registry that every service reads (the Streams services derive theirs from them), and the local token issuer.
     */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registryUrl));
        // REST doors verify bearer tokens against the local issuer: authentication stays on in tests and the demo.
        config.putAll(RestIssuer.shared().verifierConfig());
        return Map.copyOf(config);
    }

    /** Stops what this instance started and deletes its temp data; does nothing for {@link #shared()}. */
    @Override
    public void close() {
        if (!closeable) {
            return;
        }
        for (AutoCloseable c : owned) {
            closeQuietly(c);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LocalInfra[").append(kind)
                .append(", kafka ").append(bootstrapServers);
        if (broker != null) {
            sb.append(" (pid ").append(broker.pid()).append(", log ").append(broker.logFile()).append(')');
        }
        sb.append(", registry ").append(registryUrl);
        if (registry != null) {
            sb.append(" (pid ").append(registry.pid()).append(", log ").append(registry.logFile()).append(')');
        }
        return sb.append(']').toString();
    }

    static String normalizeRegistryUrl(String url) {
        if (url == null) {
            return null;
        }
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return u.contains("/apis/") ? u : u + "/apis/registry/v2";
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Stopping " + c + " failed: " + e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

}
