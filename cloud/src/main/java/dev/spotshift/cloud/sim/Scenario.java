package dev.spotshift.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scripted scenario: events at offsets from the moment it is played. YAML shape:
 * <pre>
 * name: interruption-storm
 * events:
 *   - at: PT5M                 # ISO-8601, or seconds as a number
 *     type: interrupt          # interrupt | price-spike | storm | shortage | spot-shortage
 *     region: us-east-1
 *     count: 2                 # interrupt: how many spot instances get the warning
 *   - at: 600
 *     type: price-spike
 *     region: us-east-1
 *     instanceType: m5.large
 *     zone: us-east-1a         # optional for price-spike and shortage: all zones
 *     factor: 2.5
 *     lasts: PT10M
 *   - at: 0
 *     type: spot-shortage      # the region holds at most 'count' spot instances (instanceType optional: any type)
 *     region: us-east-1
 *     count: 1
 *     lasts: PT10M
 * </pre>
 */
public record Scenario(String name, List<Event> events) {

    public enum Type { INTERRUPT, PRICE_SPIKE, STORM, SHORTAGE, SPOT_SHORTAGE }

    public record Event(Duration at, Type type, String region, String instanceType, String zone, double factor,
                        int count, Duration lasts) {
        public Event {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(region, "region");
            if (type != Type.INTERRUPT) {
                if (type != Type.SPOT_SHORTAGE) {
                    Objects.requireNonNull(instanceType, "instanceType");
                }
                Objects.requireNonNull(lasts, "lasts");
            }
            if (type == Type.SPOT_SHORTAGE && count < 0) {
                throw new IllegalArgumentException("count (spot instances the region still holds) must not be negative");
            }
            if (type == Type.STORM) {
                Objects.requireNonNull(zone, "zone (a storm hits one pool)");
            }
        }
    }

    public Scenario {
        events = List.copyOf(events);
    }

    public static Scenario parseYaml(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (Exception e) {
            throw new IllegalArgumentException("scenario is not YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.path("events").isArray()) {
            throw new IllegalArgumentException("scenario needs a list 'events'");
        }
        List<Event> events = new ArrayList<>();
        int n = 0;
        for (JsonNode e : root.get("events")) {
            String where = "events[" + n++ + "]";
            try {
                Type type = Type.valueOf(required(e, "type").asText().toUpperCase().replace('-', '_'));
                events.add(new Event(duration(required(e, "at")), type, required(e, "region").asText(),
                        text(e, "instanceType"), text(e, "zone"), e.path("factor").asDouble(1.0),
                        e.path("count").asInt(type == Type.SPOT_SHORTAGE ? 0 : 1), e.has("lasts") ? duration(e.get("lasts")) : null));
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
            }
        }
        return new Scenario(root.path("name").asText("unnamed"), events);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Duration duration(JsonNode v) {
        if (v.isNumber()) {
            return Duration.ofMillis(Math.round(v.asDouble() * 1000));
        }
        try {
            return Duration.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 duration or seconds: '" + v.asText() + "'");
        }
    }
}
