package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.infra.ApicurioRegistryProcess;
import dev.spotshift.infra.RegistryAccess;
import dev.spotshift.infra.RestIssuer;
import dev.spotshift.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * `spotshift schemas publish`, the deployment's publishing step, against a registry that takes writes only from the
 * publisher: it sends the token its environment gives it (here the system-property form of SPOTSHIFT_REGISTRY_TOKEN),
 * and without one the registry refuses it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the refused step first, on an empty registry
class SchemasPublishCommandTest {

    private static ApicurioRegistryProcess registry;

    @BeforeAll
    static void startARegistryThatTakesWritesOnlyFromThePublisher() {
        registry = ApicurioRegistryProcess.start(new ApicurioRegistryProcess.Options().authenticatedWrites(true));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void noToken() {
        System.clearProperty("spotshift.registry.token");
    }

    @Test
    @Order(1)
    void withoutThePublishersTokenNothingIsPublished() {
        // Given no registry credentials in the environment
        // When the step runs
        CommandLineTest.Run run = CommandLineTest.run("schemas", "publish", "--registry-url", registry.registryUrl(),
                "--timeout", "PT2S");

        // Then it fails, saying what the registry answered, and registered nothing
        assertThat(run.code()).as(run.out()).isNotZero();
        assertThat(run.err()).contains("schemas not published");
        assertThat(status(Topics.MIGRATION_PLANS.valueArtifactId())).isEqualTo(404);
    }

    @Test
    @Order(2)
    void withThePublishersTokenEveryCatalogSchemaIsPublishedInItsName() throws Exception {
        // Given the publisher's token where a deployment puts it (SPOTSHIFT_REGISTRY_TOKEN; here its property)
        System.setProperty("spotshift.registry.token", RestIssuer.shared().token(RegistryAccess.PUBLISHER,
                Duration.ofMinutes(10), List.of(RegistryAccess.PUBLISHER_ROLE)));

        // When the step runs
        CommandLineTest.Run run = CommandLineTest.run("schemas", "publish", "--registry-url", registry.registryUrl());

        // Then every topic's schema is in, registered by the publisher
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains(Topics.all().size() + " schemas published");
        assertThat(status(Topics.AGENT_VOTES.valueArtifactId())).isEqualTo(200);
        assertThat(get(Topics.AGENT_VOTES.valueArtifactId() + "/meta").body())
                .contains("\"createdBy\":\"" + RegistryAccess.PUBLISHER + "\"");
    }

    private static int status(String artifact) {
        return get(artifact + "/meta").statusCode();
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.registryUrl()
                    + "/groups/default/artifacts/" + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
