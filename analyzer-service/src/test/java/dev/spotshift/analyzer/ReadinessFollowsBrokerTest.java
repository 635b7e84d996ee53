package dev.spotshift.analyzer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readiness on a broker that goes away and comes back (this test's own broker, see {@link OwnBrokerResource}). */
@QuarkusTest
@TestProfile(ReadinessFollowsBrokerTest.OwnBroker.class)
class ReadinessFollowsBrokerTest {

    /**
     * A profile, not a test resource annotation: Quarkus 3.33 keeps an application started by the other test classes
     * running across a class whose only difference is its test resource, which would leave this test stopping a
     * broker the service never used. A profile always starts an application of its own.
     */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnBrokerResource.class));
        }
    }

    // A broker restart on a shared 2-core machine takes a while; the client notices within its reconnect backoff.
    static final Duration PATIENCE = Duration.ofSeconds(90);

    static ValidatableResponse ready() {
        return given().when().get("/q/health/ready").then();
    }

    static void awaitReadiness(int status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> ready().statusCode(status));
    }

    @Test
    void isNotReadyWhileTheBrokerIsDownAndReadyAgainWhenItReturns() {
        // Given a service that is ready, with its registry check among the checks
        awaitReadiness(200);
        ready().body("checks.name", hasItem("Schema registry"));

        // When the broker stops
        OwnBrokerResource.stopBroker();

        // Then the service is not ready, though the registry still answers and it stays alive
        awaitReadiness(503);
        ready().body("checks.find { it.name == 'Schema registry' }.status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);

        // When a broker is back on the same address
        OwnBrokerResource.startBroker();

        // Then the service is ready again, without a restart
        awaitReadiness(200);
    }
}
