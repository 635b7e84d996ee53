package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every AWS call goes through AwsClients.call, so none escapes its region's breaker. */
class OneChokePointTest {

    private static final Set<String> ALLOWED = Set.of("AwsErrors.java", "AwsBreakers.java");

    @Test
    void noCallBypassesTheBreakers() throws IOException {
        Path aws = Path.of("src/main/java/dev/spotshift/cloud/aws");
        List<Path> bypassing;
        try (Stream<Path> files = Files.list(aws)) {
            bypassing = files.filter(p -> !ALLOWED.contains(p.getFileName().toString()))
                    .filter(OneChokePointTest::mapsErrorsItself).toList();
        }
        assertThat(aws.resolve("AwsClients.java")).exists();
        assertThat(bypassing).as("files calling AwsErrors directly instead of AwsClients.call").isEmpty();
    }

    private static boolean mapsErrorsItself(Path file) {
        try {
            return Files.readString(file).contains("AwsErrors.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
