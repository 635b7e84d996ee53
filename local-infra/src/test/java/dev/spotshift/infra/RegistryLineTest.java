package dev.spotshift.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * One Apicurio line from tests to production: the registry the tests and the demo run (built by
 * infra-dist/apicurio-registry) is the version docker-compose.yml and the k8s manifests deploy, and the Testcontainers
 * image where Docker answers. Asked of the running registry itself, not only read from the pom.
 */
class RegistryLineTest {

    private static final Path HOME = SpotshiftHome.locate();
    private static final Pattern REGISTRY_IMAGE = Pattern.compile("image:\\s*apicurio/apicurio-registry[\\w-]*:(\\S+)");

    @Test
    void composeAndKubernetesDeployTheRegistryVersionTheTestsRun() throws Exception {
        // Given the registry the tests start
        String running = runningRegistryVersion(LocalInfra.shared().registryUrl());

        // Then it is the version infra-dist builds, and the one every deployment names
        assertThat(running).isEqualTo(builtVersion());
        assertThat(deployedVersion(HOME.resolve("docker-compose.yml"))).as("docker-compose.yml").isEqualTo(running);
        assertThat(deployedVersion(HOME.resolve("k8s/base/registry.yaml"))).as("k8s/base/registry.yaml").isEqualTo(running);
        assertThat(TestcontainersInfra.REGISTRY_IMAGE).as("Testcontainers image").endsWith(":" + running);
    }

    private static String runningRegistryVersion(String registryUrl) throws IOException, InterruptedException {
        HttpResponse<String> info = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/system/info")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).as("GET /system/info: %s", info.body()).isEqualTo(200);
        Map<String, Object> body = new Yaml().load(info.body());
        return String.valueOf(body.get("version"));
    }

    private static String builtVersion() throws IOException {
        String pom = Files.readString(HOME.resolve("infra-dist/apicurio-registry/pom.xml"));
        Matcher m = Pattern.compile("<apicurio-registry.version>([^<]+)</apicurio-registry.version>").matcher(pom);
        assertThat(m.find()).as("apicurio-registry.version in infra-dist/apicurio-registry/pom.xml").isTrue();
        return m.group(1);
    }

    private static String deployedVersion(Path manifest) throws IOException {
        Matcher m = REGISTRY_IMAGE.matcher(Files.readString(manifest));
        assertThat(m.find()).as("an apicurio registry image in %s", manifest).isTrue();
        String version = m.group(1);
        assertThat(m.find()).as("one registry image in %s", manifest).isFalse();
        return version;
    }
}
