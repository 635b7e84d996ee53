package dev.spotshift.bench;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of a Streams application: end offset minus committed offset, summed over its input partitions.
 * A partition it has not committed yet counts from where the measure began (the app starts at "latest").
 */
final class Lag {

    private final Admin admin;
    private final String groupId;
    private final List<TopicPartition> inputs;
    private final Map<TopicPartition, Long> startedAt;

    /** The lag of {@code groupId} over every partition of the catalog topics named {@code topics}. */
    Lag(Admin admin, String groupId, List<String> topics) throws Exception {
        this.admin = admin;
        this.groupId = groupId;
        this.inputs = partitions(topics);
        this.startedAt = ends();
    }

    private static List<TopicPartition> partitions(List<String> topics) {
        List<TopicPartition> out = new ArrayList<>();
        for (String t : topics) {
            Topic<?> topic = Topics.byName(t).orElseThrow();
            for (int p = 0; p < topic.partitions(); p++) {
                out.add(new TopicPartition(t, p));
            }
        }
        return List.copyOf(out);
    }

    long now() throws Exception {
        Map<TopicPartition, Long> end = ends();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : inputs) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : startedAt.get(tp);
            lag += Math.max(0, end.get(tp) - from);
        }
        return lag;
    }

    /** The inputs' end offsets now: a mark to ask {@link #processedUpTo} about later. */
    Map<TopicPartition, Long> mark() throws Exception {
        return ends();
    }

    /**
     * Whether the group has committed past {@code marks} on every input partition: everything sent before the mark
     * is processed. Unlike "lag under N", it cannot hold by accident just after a kill, before the dead member's
     * partitions have had time to build a backlog.
     */
    boolean processedUpTo(Map<TopicPartition, Long> marks) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        for (TopicPartition tp : inputs) {
            OffsetAndMetadata c = committed.get(tp);
            long at = c != null ? c.offset() : startedAt.get(tp);
            if (at < marks.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> ends() throws Exception {
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        inputs.forEach(tp -> spec.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(spec).all()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        r.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
