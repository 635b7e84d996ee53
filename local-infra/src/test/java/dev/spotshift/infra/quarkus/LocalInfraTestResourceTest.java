package dev.spotshift.infra.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.infra.LocalInfra;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalInfraTestResourceTest {

    @Test
    void handsQuarkusTheSharedKafkaAndRegistryAndLeavesThemRunningOnStop() {
        LocalInfraTestResource resource = new LocalInfraTestResource();
        Map<String, String> config = resource.start();
        LocalInfra shared = LocalInfra.shared();

        assertThat(config)
                .containsEntry("kafka.bootstrap.servers", shared.bootstrapServers())
                .containsEntry("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", shared.registryUrl())
                // one key each: the Streams services derive theirs, the retired registry names are gone
                .doesNotContainKeys("quarkus.kafka-streams.bootstrap-servers", "apicurio.registry.url",
                        "kafka.apicurio.registry.url");

        resource.stop();
        shared.broker().ifPresent(b -> assertThat(b.isAlive()).isTrue());
        assertThat(new LocalInfraTestResource().start()).isEqualTo(config);
    }
}
