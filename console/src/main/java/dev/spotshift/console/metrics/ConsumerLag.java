package dev.spotshift.console.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How far behind each consumer group of the installation is, per topic: the broker's end offsets less the group's
 * committed ones, as {@code spotshift_consumer_lag{group,topic}}. Measured here, from the outside, so one figure
 * covers the Streams services, the messaging channels and the actuator alike, whatever their clients export.
 * Needs Describe on the groups and topics.
 */
@ApplicationScoped
public class ConsumerLag {

    public static final String LAG = "spotshift.consumer.lag";
    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final MultiGauge lag;

    public ConsumerLag(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry registry) {
        Properties p = new Properties();
        p.putAll(dev.spotshift.schemas.access.ServiceKafkaSecurity.settings());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "console-lag");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.admin = Admin.create(p);
        this.lag = MultiGauge.builder(LAG).description("records a consumer group has yet to read, per topic")
                .register(registry);
    }

    @Scheduled(every = "${spotshift.console.lag-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            lag.register(rows(), true);
        } catch (Exception e) {
            // The previous figures stay until the broker answers again; a stale lag is better than none.
            LOG.warnf("consumer lag not measured: %s", e.toString());
        }
    }

    private List<MultiGauge.Row<?>> rows() throws Exception {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (GroupListing g : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS)) {
            committed.put(g.groupId(), admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS));
        }
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        committed.values().forEach(m -> m.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = wanted.isEmpty() ? Map.of()
                : admin.listOffsets(wanted).all().get(10, TimeUnit.SECONDS);
        Map<Tags, Long> byGroupAndTopic = new HashMap<>();
        committed.forEach((group, offsets) -> offsets.forEach((tp, om) -> {
            ListOffsetsResult.ListOffsetsResultInfo end = ends.get(tp);
            if (om != null && end != null) {
                byGroupAndTopic.merge(Tags.of("group", group, "topic", tp.topic()),
                        Math.max(0, end.offset() - om.offset()), Long::sum);
            }
        }));
        return byGroupAndTopic.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(e.getKey(), e.getValue())).toList();
    }

    void close(@Observes ShutdownEvent event) {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
