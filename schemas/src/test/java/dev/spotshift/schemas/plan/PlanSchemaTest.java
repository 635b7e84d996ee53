package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The editors' JSON Schema must name exactly the fields and words the reader accepts. */
class PlanSchemaTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> schema() throws Exception {
        try (InputStream in = PlanSchemaTest.class.getResourceAsStream(PlanFormat.JSON_SCHEMA_RESOURCE)) {
            return new Yaml().load(in); // JSON is YAML
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> root, String path) {
        Map<String, Object> node = root;
        if (path.isEmpty()) {
            return node;
        }
        for (String part : path.split("\\.")) {
            boolean list = part.endsWith("[]");
            node = (Map<String, Object>) ((Map<String, Object>) node.get("properties")).get(list ? part.substring(0, part.length() - 2) : part);
            if (list) {
                node = (Map<String, Object>) node.get("items");
            }
        }
        return node;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySectionOfTheSchemaNamesExactlyTheFieldsTheReaderAccepts() throws Exception {
        Map<String, Object> schema = schema();
        PlanFormat.sections().forEach((path, keys) -> {
            Map<String, Object> section = at(schema, path);
            assertThat(section.get("additionalProperties")).as(path).isEqualTo(false);
            assertThat(((Map<String, Object>) section.get("properties")).keySet()).as(path).containsExactlyInAnyOrderElementsOf(keys);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyEnumOfTheSchemaListsTheWordsTheReaderAccepts() throws Exception {
        Map<String, Object> schema = schema();
        PlanFormat.enumWords().forEach((path, words) ->
                assertThat((List<Object>) at(schema, path).get("enum")).as(path).containsExactlyElementsOf(List.copyOf(words)));
    }
}
