package dev.spotshift.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioRegistryProcessTest {

    @TempDir
    Path tmp;

    @Test
    void failsAtOnceNamingTheBuildCommandWhenTheRegistryAppIsNotBuilt() {
        Path missing = tmp.resolve("quarkus-app/quarkus-run.jar");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ApicurioRegistryProcess.start(new ApicurioRegistryProcess.Options().runJar(missing)))
                .isInstanceOf(InfraStartException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("mvn -B -q install -pl infra-dist/apicurio-registry");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesAPortThatIsAlreadyTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(ChildJvm.LOOPBACK, 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> ApicurioRegistryProcess.start(new ApicurioRegistryProcess.Options().port(port)))
                    .isInstanceOf(InfraStartException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void registryUrlsPointAtTheV2AndConfluentCompatibleApis() {
        assertThat(LocalInfra.normalizeRegistryUrl("http://h:8080")).isEqualTo("http://h:8080/apis/registry/v2");
        assertThat(LocalInfra.normalizeRegistryUrl("http://h:8080/apis/registry/v2/"))
                .isEqualTo("http://h:8080/apis/registry/v2");
    }
}
