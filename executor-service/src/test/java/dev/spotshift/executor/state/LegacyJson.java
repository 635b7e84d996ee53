package dev.spotshift.executor.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.spotshift.executor.domain.RolloutState;

/** The executor's stores as 0.1.x wrote them: Jackson JSON with ISO instants. */
public final class LegacyJson {

    private static final ObjectMapper WRITER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private LegacyJson() {}

    public static byte[] bytes(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A rollout in 0.1.x's shape: the fields of every named part side by side at the top. */
    public static byte[] bytes(RolloutState s) {
        try {
            ObjectNode flat = WRITER.valueToTree(s);
            flatten(flat, StateSerde.PARTS_0_1);
            flatten((ObjectNode) flat.get("spot"), StateSerde.SPOT_PARTS_0_1);
            return WRITER.writeValueAsBytes(flat);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flatten(ObjectNode node, java.util.Map<String, java.util.Map<String, String>> parts) {
        parts.forEach((partName, fields) -> {
            ObjectNode part = (ObjectNode) node.remove(partName);
            fields.forEach((was, is) -> node.set(was, part.get(is)));
        });
    }

    public static String text(RolloutState s) {
        return new String(bytes(s), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String text(Object value) {
        return new String(bytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }
}
