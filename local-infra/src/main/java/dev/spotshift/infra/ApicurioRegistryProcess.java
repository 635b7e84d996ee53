package dev.spotshift.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry 2.4.2 (in-memory storage) in its own JVM on a free loopback port,
 * started from {@code infra-dist/apicurio-registry/target/quarkus-app/quarkus-run.jar} behind
 * {@link dev.spotshift.infra.child.ParentWatchdog}, so it dies with this JVM. {@link #start(Options)}
 * returns once {@code /health/ready} answers 200 and the global BACKWARD compatibility rule is
 * registered, or throws {@link InfraStartException} within the start timeout (180 s by default)
 * naming what failed and the registry's log file.
 */
public final class ApicurioRegistryProcess implements AutoCloseable {

    /** 180 s, or {@code -Dspotshift.local-infra.start-timeout=<seconds>}. */
    public static final Duration DEFAULT_START_TIMEOUT = ChildJvm.defaultStartTimeout();
    static final String BUILD_HINT = "mvn -B -q install -pl infra-dist/apicurio-registry";
    private static final int MAX_ATTEMPTS_ON_PORT_CLASH = 3;

    /** How to start the registry; every setting has a default. */
    public static final class Options {
        private Path runJar;
        private int port;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private String maxHeap = "256m";
        private boolean backwardCompatibilityRule = true;
        private boolean authenticatedWrites;
        private boolean authenticatedReads;
        private String issuer;
        private String issuerPublicKey;

        /** Default: {@link SpotshiftHome#registryRunJar()}. */
        public Options runJar(Path quarkusRunJar) { this.runJar = quarkusRunJar; return this; }

        /** HTTP port on 127.0.0.1; 0 (default) picks a free one. */
        public Options port(int port) { this.port = port; return this; }

        public Options startTimeout(Duration timeout) { this.startTimeout = Objects.requireNonNull(timeout); return this; }

        public Options maxHeap(String maxHeap) { this.maxHeap = Objects.requireNonNull(maxHeap); return this; }

        /** Register the global COMPATIBILITY=BACKWARD rule once ready (default true). */
        public Options backwardCompatibilityRule(boolean register) { this.backwardCompatibilityRule = register; return this; }

        /**
         * Writes only with a token of the local issuer carrying the publisher's role, reads by anyone
         * ({@link RegistryAccess}); default false, the open registry a service's own tests register into.
         */
        public Options authenticatedWrites(boolean on) { this.authenticatedWrites = on; return this; }

        /**
         * Reads too only with a token of the local issuer (any registry role, a service's read-only one), as compose and
         * Kubernetes run it; implies {@link #authenticatedWrites}. Default false.
         */
        public Options authenticatedReads(boolean on) {
            this.authenticatedReads = on;
            this.authenticatedWrites |= on;
            return this;
        }

        /**
         * With authenticated writes (or reads): trust this issuer and its RSA public key (base64 of the DER) instead
         * of the local one ({@link RestIssuer}) — a deployment's, made by {@code spotshift credentials mint}.
         */
        public Options trustIssuer(String issuer, String publicKeyBase64) {
            this.issuer = Objects.requireNonNull(issuer);
            this.issuerPublicKey = Objects.requireNonNull(publicKeyBase64);
            return this;
        }
    }

    private final ChildJvm child;
    private final int port;
    private final boolean authenticatedWrites;

    private ApicurioRegistryProcess(ChildJvm child, int port, boolean authenticatedWrites) {
        this.child = child;
        this.port = port;
        this.authenticatedWrites = authenticatedWrites;
    }

    public static ApicurioRegistryProcess start() {
        return start(new Options());
    }

    public static ApicurioRegistryProcess start(Options options) {
        long deadline = System.nanoTime() + options.startTimeout.toNanos();
        Path jar = options.runJar != null ? options.runJar : SpotshiftHome.registryRunJar();
        if (!Files.isRegularFile(jar)) {
            throw new InfraStartException("Apicurio Registry app " + jar + " is missing. Build it from the repository"
                    + " root with: " + BUILD_HINT + "   (about a minute the first time; or any build of the whole"
                    + " project, e.g. mvn -B verify)");
        }
        String mainClass = mainClassOf(jar);
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(options, jar, mainClass, deadline);
            } catch (PortClash clash) {
                if (options.port != 0 || attempt >= MAX_ATTEMPTS_ON_PORT_CLASH || System.nanoTime() > deadline) {
                    throw new InfraStartException(clash.getMessage());
                }
            }
        }
    }

    private static String mainClassOf(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            String main = jf.getManifest() == null ? null : jf.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new InfraStartException(jar + " has no Main-Class; rebuild it with: " + BUILD_HINT);
            }
            return main;
        } catch (IOException e) {
            throw new InfraStartException("Cannot read " + jar + " (" + e + "); rebuild it with: " + BUILD_HINT, e);
        }
    }

    private static ApicurioRegistryProcess startOnce(Options o, Path jar, String mainClass, long deadline) {
        int port = o.port != 0 ? o.port : ChildJvm.freePort();
        if (!ChildJvm.portIsFree(port)) {
            throw new PortClash(
                    "Apicurio Registry cannot start: port " + port + " on 127.0.0.1 is already in use");
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("spotshift-registry-");
        } catch (IOException e) {
            throw new InfraStartException("Cannot create a temp directory for Apicurio Registry: " + e, e);
        }
        Path logFile = workDir.resolve("registry.log");
        Path runJar = snapshot(jar, workDir.resolve("quarkus-app"));
        List<String> jvmArgs = new java.util.ArrayList<>(List.of(
                "-Xmx" + o.maxHeap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dvertx.cacheDirBase=" + workDir.resolve("vertx-cache"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        if (o.authenticatedWrites) {
            jvmArgs.addAll(o.issuer != null
                    ? RegistryAccess.registryJvmArgs(o.issuer, o.issuerPublicKey, !o.authenticatedReads)
                    : RegistryAccess.registryJvmArgs(RestIssuer.shared(), !o.authenticatedReads));
        }
        ChildJvm child = ChildJvm.launch("apicurio-registry", workDir, jvmArgs, List.of(runJar.toString()),
                mainClass, List.of(), logFile);
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(child, port, o.authenticatedWrites);
        String health = registry.baseUrl() + "/health/ready";
        child.awaitReady("Apicurio Registry", "port " + port, deadline, o.startTimeout,
                List.of("seems to be in use", "Address already in use"), remainingMs -> {
                    int status = RegistryRules.status(health, Duration.ofMillis(Math.max(200, Math.min(remainingMs, 2_000))));
                    return status == 200 ? null : "GET " + health + ": " + (status < 0 ? "no answer" : "HTTP " + status);
                });
        if (o.backwardCompatibilityRule) {
            try {
                RegistryRules.ensureGlobalBackwardCompatibility(registry.registryUrl(), o.authenticatedWrites
                        ? RegistryAccess.admin() : dev.spotshift.schemas.RegistryCredentials.NONE);
            } catch (RuntimeException e) {
                child.keepWorkDir();
                child.close();
                throw e;
            }
        }
        return registry;
    }

    /**
     * Hard-links the fast-jar directory into the work dir, so that rebuilding
     * {@code infra-dist/apicurio-registry} while a registry runs (or starts) cannot pull its jars
     * away: Quarkus opens them lazily. Falls back to the build output itself when hard links are
     * not possible (another file system).
     */
    static Path snapshot(Path runJar, Path target) {
        Path appDir = runJar.getParent();
        try (Stream<Path> files = Files.walk(appDir)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path dest = target.resolve(appDir.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createLink(dest, source);
                }
            }
            return target.resolve(runJar.getFileName().toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            ChildJvm.deleteTree(target);
            return runJar;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() { return "http://127.0.0.1:" + port; }

    /** The v2 REST API, as the Apicurio serdes want it: {@code http://127.0.0.1:<port>/apis/registry/v2}. */
    public String registryUrl() { return baseUrl() + "/apis/registry/v2"; }

    /** The Confluent-compatible API: {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public String ccompatUrl() { return baseUrl() + "/apis/ccompat/v7"; }

    public int port() { return port; }

    /** Whether it takes writes only from the publisher ({@link Options#authenticatedWrites}). */
    public boolean authenticatedWrites() { return authenticatedWrites; }

    public long pid() { return child.pid(); }

    public boolean isAlive() { return child.isAlive(); }

    public Path workDir() { return child.workDir(); }

    public Path logFile() { return child.logFile(); }

    /** Stops the registry (its in-memory content is gone) and deletes its temp directory. */
    @Override
    public void close() { child.close(); }

    @Override
    public String toString() {
        return "ApicurioRegistryProcess[" + registryUrl() + ", pid " + pid() + ", log " + logFile() + "]";
    }
}
