package dev.spotshift.analyzer;
import dev.spotshift.analyzer.config.IntakeSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.spotshift.analyzer.domain.Plans;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.access.RestAccess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The REST intake against hostile or careless requests: each answer located, bounded, and from the right budget. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class HardenedIntakeTest {

    @Inject
    IntakeSettings settings;

    /** A request from its own loopback address and principal, so it spends neither the other tests' budget nor theirs. */
    static RequestSpecification from(String address) throws Exception {
        return as("caller@" + address, address);
    }

    static RequestSpecification as(String subject, String address) throws Exception {
        InetAddress local = InetAddress.getByName(address);
        return Tokens.as(subject, RestAccess.SUBMIT, RestAccess.READ).config(RestAssured.config().httpClient(
                HttpClientConfig.httpClientConfig().setParam("http.route.local-address", local)));
    }

    static Response post(RequestSpecification req, String yaml) {
        return req.contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/migrations");
    }

    static String demo() {
        return Plans.onOwnGroup(Plans.text("demo-fast.yaml"));
    }

    @Test
    void aBodyOverTheLimitInBytesIsA413SayingTheLimit() throws Exception {
        // Given fewer characters than the limit, but more bytes (each é is two)
        String plan = demo().replace("mode: live", "mode: live\ndescription: " + "é".repeat(settings.maxBodyBytes() / 2 + 1));
        assertThat(plan.length()).isLessThan(settings.maxBodyBytes());

        post(from("127.0.0.11"), plan).then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("the limit is " + settings.maxBodyBytes() + " bytes"));
    }

    @Test
    void aDurationThatOverflowsIsALocated422NotA500() throws Exception {
        String plan = demo().replace("stepInterval: PT20S", "stepInterval: P106751991167300D");

        post(from("127.0.0.12"), plan).then().statusCode(422).contentType("application/problem+json")
                .body("errors.code", hasItem("OUT_OF_RANGE"))
                .body("errors.path", hasItem("rollout.stepInterval"))
                .body("errors[0].line", notNullValue());
    }

    @Test
    void aMisspeltFieldAndStepsThatGoDownAreReportedInOneAnswer() throws Exception {
        String plan = demo().replace("[25, 50, 75, 100]", "[25, 75, 50, 100]").replace("baselineWindow:", "baselineWindw:");

        post(from("127.0.0.13"), plan).then().statusCode(422)
                .body("errors.code", hasItems("UNKNOWN_FIELD", "STEPS_NOT_INCREASING"))
                .body("errors.size()", equalTo(2));
    }

    @Test
    void anAliasAmplifiedPlanIsAnsweredWithinASecondWithAtMostTheCappedErrors() throws Exception {
        StringBuilder doc = new StringBuilder("w: &w {");
        for (int i = 0; i < 1000; i++) {
            doc.append(i == 0 ? "" : ", ").append("typo").append(i).append(": 1");
        }
        doc.append("}\nworkloads: [").append(String.join(", ", Collections.nCopies(20, "*w"))).append("]\n");
        post(from("127.0.0.16"), doc.toString()); // warm: the clock then times the answer, not class loading

        long start = System.nanoTime();
        Response r = post(from("127.0.0.14"), doc.toString());

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        r.then().statusCode(422).body("errors.size()", lessThanOrEqualTo(50))
                .body("omittedErrors", org.hamcrest.Matchers.greaterThan(20_000))
                .body("detail", containsString("more are not"));
    }

    @Test
    void eachPrincipalHasItsOwnBudgetAnnouncedWithRateLimitHeaders() throws Exception {
        // Given one principal that spends its whole budget
        String bad = "name: x\n";
        Response last = null;
        for (int i = 0; i < 61; i++) {
            last = post(as("spender", "127.0.0.21"), bad);
        }

        // Then its next request is refused with when to come back, and another principal's, from the same address, is judged as usual
        last.then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .header("RateLimit", containsString("r=0"))
                .header("RateLimit-Policy", containsString("q=60"));
        post(as("bystander", "127.0.0.21"), bad).then().statusCode(422).header("RateLimit", containsString("r=59"));
    }

    @Test
    void theFleetEndpointRefusesARegionAwsDoesNotHave() throws Exception {
        from("127.0.0.15").when().get("/api/v1/fleet/us-east-9").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].path", equalTo("region"))
                .body("errors[0].code", equalTo("UNKNOWN_REGION"));
        from("127.0.0.15").when().get("/api/v1/fleet/us-east-1").then().statusCode(200);
    }
}
