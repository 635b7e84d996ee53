package dev.spotshift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.simulator.domain.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

    /** What docker-compose.yml and the k8s ConfigMap give every process, services and simulator alike. */
    static final Map<String, String> DEPLOYED = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
            "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL", "http://registry:8080/apis/registry/v2");

    @Test
    void readsKafkaAndTheRegistryUnderTheNamesTheServicesRead() {
        SimulatorSettings s = SimulatorSettings.from(DEPLOYED);

        assertThat(s.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(s.registryUrl()).isEqualTo("http://registry:8080/apis/registry/v2");
        assertThat(s.scenario()).isEqualTo(Scenario.HAPPY);
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.heartbeatFile()).isNull();
    }

    @Test
    void stillAcceptsTheLocalToolsRegistryNameWhenTheServicesOneIsUnset() {
        SimulatorSettings s = SimulatorSettings.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:9094",
                "APICURIO_REGISTRY_URL", "http://localhost:8081/apis/registry/v2"));

        assertThat(s.registryUrl()).isEqualTo("http://localhost:8081/apis/registry/v2");
    }

    @Test
    void theServicesRegistryNameWinsOverTheLocalOne() {
        Map<String, String> env = new java.util.HashMap<>(DEPLOYED);
        env.put("APICURIO_REGISTRY_URL", "http://elsewhere/apis/registry/v2");

        assertThat(SimulatorSettings.from(env).registryUrl()).isEqualTo("http://registry:8080/apis/registry/v2");
    }

    @Test
    void takesScenarioSeedAndHeartbeatFromTheEnvironmentAndTheCommandLineOverIt() {
        Map<String, String> env = new java.util.HashMap<>(DEPLOYED);
        env.put("SIMULATOR_SCENARIO", "error-spike");
        env.put("SPOTSHIFT_CLOUD_SEED", "7");
        env.put("SIMULATOR_HEARTBEAT_FILE", "/tmp/workload-simulator.alive");

        SimulatorSettings fromEnv = SimulatorSettings.from(env);
        SimulatorSettings fromArgs = SimulatorSettings.from(env, "--seed", "9", "--interval-ms", "250",
                "--registry-url", "http://other:8080/apis/registry/v2");

        assertThat(fromEnv.scenario()).isEqualTo(Scenario.named("error-spike").orElseThrow());
        assertThat(fromEnv.seed()).isEqualTo(7);
        assertThat(fromEnv.heartbeatFile()).isEqualTo(Path.of("/tmp/workload-simulator.alive"));
        assertThat(fromArgs.seed()).isEqualTo(9);
        assertThat(fromArgs.interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(fromArgs.registryUrl()).isEqualTo("http://other:8080/apis/registry/v2");
    }

    @Test
    void refusesToStartWithoutTheRegistryNamingTheVariableToSet() {
        assertThatThrownBy(() -> SimulatorSettings.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL");
    }

    @Test
    void refusesAnUnknownScenarioOrOptionOrAMissingValue() {
        assertThatThrownBy(() -> SimulatorSettings.from(DEPLOYED, "--scenario", "nope"))
                .hasMessageContaining("unknown scenario 'nope'");
        assertThatThrownBy(() -> SimulatorSettings.from(DEPLOYED, "--colour", "red"))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> SimulatorSettings.from(DEPLOYED, "--seed"))
                .hasMessageContaining("needs a value");
    }
}
