package dev.spotshift.notifier.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spotshift.notifier.domain.Notification;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a notification reads: a JSON document for machines (webhook, SNS), a short text for chat (Slack). */
public final class Render {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Render() {}

    public static Map<String, Object> document(Notification n) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("eventId", n.eventId());
        doc.put("planId", n.planId());
        doc.put("kind", n.kind().name());
        doc.put("occurredAt", n.occurredAt().toString());
        doc.put("headline", n.headline());
        doc.put("details", n.details());
        return doc;
    }

    public static byte[] json(Notification n) {
        return json(document(n));
    }

    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a notification's details are plain values and always serialize", e);
        }
    }

    /** One line with the news, then one line per detail (evidence as metric observed vs threshold). */
    public static String text(Notification n) {
        StringBuilder sb = new StringBuilder()
                .append("*Spotshift* ").append(n.kind()).append(" — plan `").append(n.planId()).append("`: ")
                .append(n.headline());
        n.details().forEach((k, v) -> sb.append("\n• ").append(k).append(": ").append(
                v instanceof Iterable<?> || v instanceof Map<?, ?> ? new String(json(v), StandardCharsets.UTF_8) : v));
        return sb.toString();
    }
}
