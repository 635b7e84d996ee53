package dev.spotshift.operator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spotshift.schemas.plan.ParsedPlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theExampleResourceIsTheDemoPlanAndValid() throws Exception {
        JsonNode resource = new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(Path.of("../examples/k8s/demo-nightly-etl.yaml")));
        ParsedPlans parsed = parse("demo-nightly-etl", resource.get("spec"));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.plans()).singleElement()
                .satisfies(p -> assertThat(p.getWorkload().getName()).isEqualTo("nightly_etl_batch"));
    }

    @Test
    void aSpecWithoutANameTakesTheResourcesName() throws Exception {
        ObjectNode spec = (ObjectNode) example();
        spec.remove("name");
        assertThat(parse("nightly-etl", spec).planName()).isEqualTo("nightly-etl");
    }

    @Test
    void errorsAreLocatedAsTheResourceNamesItsFields() throws Exception {
        ObjectNode spec = (ObjectNode) example();
        ((ObjectNode) spec.get("rollout")).putArray("stepsPercent").add(50).add(25);
        spec.put("colour", "blue");
        ParsedPlans parsed = parse("bad", spec);
        assertThat(parsed.valid()).isFalse();
        assertThat(SpecCheck.located(parsed)).anyMatch(e -> e.startsWith("spec.rollout.stepsPercent"))
                .anyMatch(e -> e.startsWith("spec.colour"));
    }

    @Test
    void aSpecThatIsNotAMappingIsRefusedNotSubmitted() {
        assertThat(SpecCheck.parse("x", null, "[1, 2]").valid()).isFalse();
        assertThat(SpecCheck.parse("x", null, null).valid()).isFalse();
    }

    private static JsonNode example() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(Path.of("../examples/k8s/demo-nightly-etl.yaml"))).get("spec").deepCopy();
    }

    @SuppressWarnings("unchecked")
    private static ParsedPlans parse(String name, JsonNode spec) throws Exception {
        return SpecCheck.parse(name, JSON.convertValue(spec, Map.class), JSON.writeValueAsString(spec));
    }
}
