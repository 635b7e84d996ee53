package dev.spotshift.analyzer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.rest.Problem;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The intake's OpenAPI document: what a client generator or a reviewer reads, every answer and problem described. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class OpenApiDocumentTest {

    private static final String SUBMIT = "paths.'/api/v1/migrations'.post";

    @Test
    void describesTheIntakesAnswersWithTheirProblemSchemas() {
        // When the document is asked for
        JsonPath doc = given().accept("application/json").queryParam("format", "json")
                .when().get("/q/openapi").then().statusCode(200).extract().jsonPath();

        // Then POST /api/v1/migrations lists its answers: 202 with the accepted plans, every refusal an RFC 9457 problem
        Map<String, Object> responses = doc.getMap(SUBMIT + ".responses");
        assertThat(responses).containsKeys("202", "401", "403", "409", "413", "422", "429", "503");
        assertThat(doc.getString(SUBMIT + ".responses.'202'.content.'application/json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Accepted");
        for (String status : List.of("401", "403", "409", "413", "422", "429", "503")) {
            assertThat(doc.getString(SUBMIT + ".responses.'" + status + "'.content.'application/problem+json'.schema.$ref"))
                    .as("problem schema of %s", status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(doc.getString(SUBMIT + ".responses.'409'.description"))
                .contains("idempotency-key-reused", "request-in-progress", "group-has-live-plan");
        assertThat(doc.getMap(SUBMIT + ".responses.'429'.headers")).containsKey("Retry-After");
        assertThat(doc.getMap("components.schemas.Problem.properties"))
                .containsKeys("type", "title", "status", "detail", "instance", "errors");
        assertThat(doc.getMap("components.schemas.FieldError.properties")).containsKeys("path", "line", "column");
    }

    @Test
    void servesSwaggerUi() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
