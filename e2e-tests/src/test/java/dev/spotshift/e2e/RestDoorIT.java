package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.demo.DemoStack;
import dev.spotshift.schemas.access.RestAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo stack's REST door is closed like production's, and opens to the token the stack's own issuer signs. */
class RestDoorIT {

    @Test
    void theAnalyzersDoorRefusesNoTokenAndTheWrongRoleAndAnswersTheDemosToken() throws Exception {
        DemoStack stack = E2eStack.stack();
        // Only the analyzer is needed: its door, its fleet read on the simulated market
        String fleet = stack.intakeUrl().orElseThrow(() -> new AssertionError("the analyzer is not running"))
                + "/api/v1/fleet/us-east-1";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThat(get(http, fleet, null).statusCode()).isEqualTo(401);
        assertThat(get(http, fleet, stack.restToken("e2e-submitter", RestAccess.SUBMIT)).statusCode()).isEqualTo(403);
        HttpResponse<String> read = get(http, fleet, stack.restToken("e2e-reader", RestAccess.READ));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }
}
