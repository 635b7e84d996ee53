package dev.spotshift.analyzer;
import dev.spotshift.analyzer.rest.AccessProblems;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.spotshift.analyzer.domain.Plans;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.infra.RestIssuer;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.DoorRefusals;
import dev.spotshift.schemas.access.RestAccess;
import dev.spotshift.schemas.rest.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Only a token the configured issuer signed, holding the right role, gets through the door; its subject is the submitter. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class RestAuthenticationTest {

    @Inject
    MeterRegistry meters;

    static Response submit(RequestSpecification req) {
        return req.contentType("application/yaml").header("Idempotency-Key", "auth-" + UUID.randomUUID())
                .body(Plans.onOwnGroup(Plans.text("demo-fast.yaml")).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/migrations");
    }

    static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void aPlanWithoutATokenIsA401ProblemWithTheBearerChallenge() {
        submit(given()).then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("urn:spotshift:problem:unauthenticated"))
                .body("status", equalTo(401));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsA401() throws Exception {
        // Given a token with the right issuer and role, signed by a key pair the service does not know
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String forged = Jwt.issuer(RestIssuer.ISSUER).subject("mallory").upn("mallory").groups(RestAccess.SUBMIT)
                .expiresIn(Duration.ofMinutes(5)).sign(rsa.generateKeyPair().getPrivate());

        submit(bearer(forged)).then().statusCode(401).body("type", equalTo("urn:spotshift:problem:unauthenticated"));
    }

    @Test
    void aTokenFromAnotherIssuerOrExpiredIsA401() {
        String key = RestIssuer.shared().privateKey().toUri().toString();
        String otherIssuer = Jwt.issuer("https://elsewhere.example/issuer").subject("eve").upn("eve")
                .groups(RestAccess.SUBMIT).expiresIn(Duration.ofMinutes(5)).sign(key);
        long past = System.currentTimeMillis() / 1000 - 3600;
        String expired = Jwt.issuer(RestIssuer.ISSUER).subject("late").upn("late").groups(RestAccess.SUBMIT)
                .issuedAt(past - 600).expiresAt(past).sign(key);

        submit(bearer(otherIssuer)).then().statusCode(401);
        submit(bearer(expired)).then().statusCode(401);
    }

    @Test
    void aTokenWithoutTheSubmitRoleIsA403() {
        submit(Tokens.as("reader", RestAccess.READ, RestAccess.OPERATE)).then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:spotshift:problem:forbidden"));
    }

    @Test
    void everyRefusalIsCountedAndItsCallerLoggedOnce() {
        double before = forbiddenCount("counted");

        submit(Tokens.as("counted", RestAccess.READ)).then().statusCode(403);
        submit(Tokens.as("counted", RestAccess.READ)).then().statusCode(403);

        assertThat(forbiddenCount("counted")).isEqualTo(before + 2);
        assertThat(DoorRefusals.of(AccessProblems.DOOR).first(DoorRefusals.FORBIDDEN, "principal:counted"))
                .as("already logged").isFalse();
    }

    private double forbiddenCount(String principal) {
        return meters.counter(DoorRefusals.METER, "door", AccessProblems.DOOR, "reason", DoorRefusals.FORBIDDEN,
                "principal", principal).count();
    }

    @Test
    void aSubmitterIsRecordedAsTheTokensSubjectNotAsAHeaderSays() {
        // Given a token for alice with the submit role, and a header claiming someone else
        String planId = submit(Tokens.as("alice", RestAccess.SUBMIT).header("X-Submitted-By", "root"))
                .then().statusCode(202).extract().path("migrations[0].planId");

        // Then the submission on the log names alice
        List<MigrationPlanSubmitted> submitted = await().atMost(AnalyzerFlowTest.PATIENCE)
                .until(() -> AnalyzerFlowTest.broker().readAll(Topics.MIGRATION_PLANS, planId), l -> !l.isEmpty());
        assertThat(submitted).singleElement().extracting(MigrationPlanSubmitted::getSubmittedBy).isEqualTo("alice");
    }

    @Test
    void theTokenTheDemoMintsIsAcceptedToo() {
        String demo = RestIssuer.shared().token("demo-user", Duration.ofMinutes(5), List.of(RestAccess.SUBMIT));

        submit(bearer(demo)).then().statusCode(202);
    }

    @Test
    void readingTheFleetTakesTheReadRoleAndHealthTakesNoToken() {
        Tokens.as("submitter-only", RestAccess.SUBMIT).when().get("/api/v1/fleet/us-east-1").then().statusCode(403);
        given().when().get("/api/v1/fleet/us-east-1").then().statusCode(401);
        Tokens.as("viewer", RestAccess.READ).when().get("/api/v1/fleet/us-east-1").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theRolesAreTheOnesTheConsoleSharesFromTheCatalog() {
        assertThat(RestAccess.ROLES).containsExactly("spotshift-submit", "spotshift-operate", "spotshift-read");
        assertThat(Set.copyOf(RestAccess.ROLES)).hasSize(3);
    }
}
