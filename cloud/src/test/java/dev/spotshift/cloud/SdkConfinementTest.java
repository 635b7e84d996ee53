package dev.spotshift.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The port exists so services never see the SDK: no Java file outside cloud/ may import it. */
class SdkConfinementTest {

    private static Path repositoryRoot() {
        // Surefire passes the reactor root (parent pom); from an IDE the module's parent directory is the root.
        String home = System.getProperty("spotshift.home");
        Path root = home == null || home.isBlank() ? Path.of("..").toAbsolutePath().normalize() : Path.of(home);
        if (!root.resolve("cloud").toFile().isDirectory()) {
            root = root.getParent();
        }
        return root;
    }

    @Test
    void keepsTheAwsSdkInsideTheCloudModule() throws IOException {
        Path root = repositoryRoot();
        assertThat(root.resolve("cloud/pom.xml")).as("repository root %s", root).exists();
        List<Path> scanned;
        try (Stream<Path> files = Files.walk(root)) {
            scanned = files
                    .filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).startsWith("cloud"))
                    // Production code only: tests may drive emulators (moto) with the SDK to set up their world.
                    .filter(p -> root.relativize(p).toString().contains("/src/main/java/"))
                    .filter(p -> !root.relativize(p).toString().contains("/target/") && !root.relativize(p).startsWith(".git"))
                    .toList();
        }
        // Guard against a vacuous pass: the services' sources must have been found.
        assertThat(scanned).as("Java files outside cloud/").isNotEmpty();
        List<Path> offenders = scanned.stream().filter(SdkConfinementTest::importsTheSdk).toList();
        assertThat(offenders).as("production files outside cloud/ importing software.amazon.awssdk").isEmpty();
        // And inside cloud/, only the aws package may.
        try (Stream<Path> files = Files.walk(root.resolve("cloud/src/main/java"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/dev/spotshift/cloud/aws/"))
                    .filter(SdkConfinementTest::importsTheSdk).toList())
                    .as("port or simulation importing the SDK").isEmpty();
        }
    }

    private static boolean importsTheSdk(Path file) {
        try {
            return Files.readString(file).contains("import software.amazon.awssdk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
