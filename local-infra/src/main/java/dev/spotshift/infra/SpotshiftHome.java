package dev.spotshift.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the root of the Spotshift repository (the directory holding {@code infra-dist/}), where
 * the broker class path and the registry app are built. In order: system property
 * {@code spotshift.home}, environment variable {@code SPOTSHIFT_HOME}, then the current directory
 * and its parents.
 */
public final class SpotshiftHome {

    public static final String PROPERTY = "spotshift.home";
    public static final String ENV = "SPOTSHIFT_HOME";

    private SpotshiftHome() {}

    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path cwd = Paths.get("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("infra-dist"))) {
                return dir;
            }
        }
        throw new InfraStartException("Cannot find the Spotshift repository root (a directory containing"
                + " infra-dist/) from " + cwd + " or its parents; set -D" + PROPERTY + "=<repo root> or "
                + ENV + ".");
    }

    /** {@code infra-dist/kafka-broker/target/broker-classpath.txt} under the repository root. */
    public static Path brokerClasspathFile() {
        return locate().resolve("infra-dist/kafka-broker/target/broker-classpath.txt");
    }

    /** {@code infra-dist/apicurio-registry/target/quarkus-app/quarkus-run.jar} under the repository root. */
    public static Path registryRunJar() {
        return locate().resolve("infra-dist/apicurio-registry/target/quarkus-app/quarkus-run.jar");
    }
}
