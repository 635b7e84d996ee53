package dev.spotshift.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the local infrastructure for the demo, prints where it is, and keeps it running until
 * Ctrl-C (or SIGTERM), then stops everything and deletes its temp data.
 *
 * <pre>
 *   java -cp ... dev.spotshift.infra.LocalInfraMain [--env-file FILE]
 * </pre>
 * {@code --env-file FILE} also writes {@code KAFKA_BOOTSTRAP_SERVERS=...} and
 * {@code APICURIO_REGISTRY_URL=...} lines to FILE (deleted again on exit) for other processes to read.
 */
public final class LocalInfraMain {

    private LocalInfraMain() {}

    public static void main(String[] args) throws Exception {
        Path envFile = null;
        for (int i = 0; i < args.length; i++) {
            if ("--env-file".equals(args[i]) && i + 1 < args.length) {
                envFile = Path.of(args[++i]).toAbsolutePath();
            } else {
                System.err.println("usage: LocalInfraMain [--env-file FILE]");
                System.exit(2);
            }
        }
        LocalInfra infra;
        try {
            infra = LocalInfra.start();
        } catch (InfraStartException e) {
            System.err.println("Local infrastructure failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Path written = envFile;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping local infrastructure ...");
            infra.close();
            if (written != null) {
                try {
                    Files.deleteIfExists(written);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            stopped.countDown();
        }, "spotshift-local-infra-main-stop"));

        if (envFile != null) {
            Files.writeString(envFile, LocalInfra.ENV_BOOTSTRAP_SERVERS + "=" + infra.bootstrapServers() + "\n"
                    + LocalInfra.ENV_REGISTRY_URL + "=" + infra.registryUrl() + "\n", StandardCharsets.UTF_8);
        }
        System.out.println("Spotshift local infrastructure is up (" + infra.kind() + ", "
                + infra.startupTime().toMillis() + " ms):");
        System.out.println("  KAFKA_BOOTSTRAP_SERVERS=" + infra.bootstrapServers());
        System.out.println("  APICURIO_REGISTRY_URL=" + infra.registryUrl());
        infra.broker().ifPresent(b -> System.out.println("  broker log:   " + b.logFile()));
        infra.registry().ifPresent(r -> System.out.println("  registry log: " + r.logFile()));
        if (envFile != null) {
            System.out.println("  written to " + envFile);
        }
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
    }

}
