package dev.spotshift.demo;

import dev.spotshift.cli.Connection;
import dev.spotshift.cli.TopicReader;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;

/** How many events of one plan each topic of its history holds: the proof that real services did the work. */
public final class PlanEvents {

    private PlanEvents() {}

    public static Map<String, Integer> count(Connection connection, String planId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Topic<?> topic : Topics.planHistory()) {
            counts.put(topic.name(), count(connection, topic, planId));
        }
        return counts;
    }

    private static <V extends SpecificRecord> int count(Connection connection, Topic<V> topic, String planId) {
        AtomicInteger n = new AtomicInteger();
        try (TopicReader<V> reader = new TopicReader<>(connection, topic, new PrintWriter(new StringWriter())).onlyKey(planId)) {
            reader.readToEnd(r -> {
                if (planId.equals(r.key())) {
                    n.incrementAndGet();
                }
            });
        }
        return n.get();
    }

    public static String describe(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((topic, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(topic).append(' ').append(n));
        return sb.toString();
    }
}
