package dev.spotshift.infra;

import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.KafkaAdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates every topic of {@link Topics#all()} on a cluster, with its partitions and configs. Idempotent. */
public final class TopicCatalog {

    private TopicCatalog() {}

    /** The catalog as AdminClient wants it; replication factor is the broker's default. */
    public static List<NewTopic> newTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (var topic : Topics.all()) {
            topics.add(new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
                    .configs(Map.copyOf(topic.configs())));
        }
        return topics;
    }

    /**
     * Creates the catalog's topics; topics that exist already are left as they are. Retries
     * retriable errors (a broker that is still settling) until {@code timeout}.
     */
    public static void createAll(String bootstrapServers, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        createAll(p, timeout);
    }

    /** As {@link #createAll(String, Duration)}, with the given client settings (a secured broker's super user). */
    public static void createAll(Properties client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.putAll(client);
        String bootstrapServers = p.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "spotshift-local-infra-topics");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeout.toMillis()));
        List<NewTopic> pending = newTopics();
        Exception last = null;
        try (Admin admin = KafkaAdminClient.create(p)) {
            while (!pending.isEmpty()) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    break;
                }
                Map<String, KafkaFuture<Void>> results = admin.createTopics(pending,
                        new CreateTopicsOptions().timeoutMs((int) Math.min(remainingMs, 15_000))).values();
                List<NewTopic> retry = new ArrayList<>();
                for (NewTopic t : pending) {
                    try {
                        results.get(t.name()).get(Math.max(1, remainingMs), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof TopicExistsException) {
                            continue;
                        }
                        if (cause instanceof RetriableException) {
                            last = (Exception) cause;
                            retry.add(t);
                            continue;
                        }
                        throw new InfraStartException("Creating topic " + t.name() + " on " + bootstrapServers
                                + " failed: " + cause, cause);
                    } catch (TimeoutException e) {
                        last = e;
                        retry.add(t);
                    }
                }
                pending = retry;
                if (!pending.isEmpty()) {
                    ChildJvm.sleepQuietly(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("Interrupted while creating topics on " + bootstrapServers, e);
        }
        if (!pending.isEmpty()) {
            List<String> names = new ArrayList<>();
            pending.forEach(t -> names.add(t.name()));
            throw new InfraStartException("Could not create topics " + names + " on " + bootstrapServers + " within "
                    + timeout.toSeconds() + " s; last error: " + last, last);
        }
    }
}
