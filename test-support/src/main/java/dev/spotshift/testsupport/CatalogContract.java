package dev.spotshift.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.RegistryReadiness;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DeadLetterDeserializationHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The one check every service's tests make that what it ships names only the catalog's topics ({@link Topics}):
 * its channels, the topics its Kafka Streams readiness waits for, the schemas it pre-registers — and, for a Streams
 * service, that its topology agrees with that configuration. A topic renamed in one place and not the other fails
 * here, not at a deploy. Reads application.properties as text, so it starts nothing and needs no Quarkus.
 */
public final class CatalogContract {

    static final String STREAMS_TOPICS = "quarkus.kafka-streams.topics";

    private CatalogContract() {}

    /** The application.properties shipped next to {@code anchor} (a class of the service). */
    public static Properties shipped(Class<?> anchor) {
        Properties props = new Properties();
        try (InputStream in = anchor.getResourceAsStream("/application.properties")) {
            assertThat(in).as("application.properties next to " + anchor.getName()).isNotNull();
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /** Every topic a SmallRye channel of the configuration names ({@code mp.messaging.*.topic} or {@code .topics}). */
    public static List<String> channelTopics(Properties props) {
        return props.stringPropertyNames().stream().sorted()
                .filter(k -> k.startsWith("mp.messaging.") && (k.endsWith(".topic") || k.endsWith(".topics")))
                .flatMap(k -> list(props, k).stream()).toList();
    }

    /** The topics Kafka Streams' readiness waits for (empty for a service without Streams). */
    public static List<String> readinessTopics(Properties props) {
        return list(props, STREAMS_TOPICS);
    }

    /** The topics whose schemas the service registers before traffic. */
    public static List<String> preregistered(Properties props) {
        return list(props, RegistryReadiness.PREREGISTER);
    }

    /**
     * Every topic the shipped configuration names — channels, readiness, pre-registration — is a catalog topic, and
     * it names at least one. Returns the configuration for the service's own further checks.
     */
    public static Properties assertNamesOnlyCatalogTopics(Class<?> anchor) {
        Properties props = shipped(anchor);
        List<String> named = Stream.of(channelTopics(props), readinessTopics(props), preregistered(props))
                .flatMap(List::stream).toList();
        assertThat(named).as("topics named in application.properties").isNotEmpty();
        assertThat(named).allSatisfy(name -> assertThat(Topics.byName(name)).as(name).isPresent());
        return props;
    }

    /**
     * A Kafka Streams service: the catalog check above, plus — against the topology it runs —
     * readiness waits for every topic the topology reads and for nothing it does not touch; every input is decoded
     * through the dead-lettering handler, which can reach the registry; and every topic the topology writes (with
     * {@code writtenBeside}, what the service writes outside the topology) has its schema registered before traffic,
     * the dead letters among them. Internal repartition topics carry plain bytes and are left out.
     */
    public static void assertStreamsService(Class<?> anchor, Topology topology, String... writtenBeside) {
        Properties props = assertNamesOnlyCatalogTopics(anchor);
        Set<String> read = new TreeSet<>();
        Set<String> written = new TreeSet<>(Arrays.asList(writtenBeside));
        TopologyDescription description = topology.describe();
        description.globalStores().forEach(g -> read.addAll(g.source().topicSet()));
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            if (n instanceof TopologyDescription.Source source && source.topicSet() != null) {
                source.topicSet().stream().filter(t -> !internal(t)).forEach(read::add);
            } else if (n instanceof TopologyDescription.Sink sink && sink.topic() != null && !internal(sink.topic())) {
                written.add(sink.topic());
            }
        }));
        Set<String> touched = new TreeSet<>(read);
        touched.addAll(written);

        assertThat(readinessTopics(props)).as("readiness waits for every input").containsAll(read);
        assertThat(touched).as("readiness waits only for topics the topology touches")
                .containsAll(readinessTopics(props));
        assertThat(props.getProperty("kafka-streams.deserialization.exception.handler"))
                .isEqualTo(DeadLetterDeserializationHandler.class.getName());
        assertThat(props.getProperty("kafka-streams." + DeadLetterDeserializationHandler.REGISTRY_URL)).isNotBlank();
        assertThat(written).contains(Topics.DEAD_LETTERS.name());
        assertThat(preregistered(props)).as("schemas registered before traffic").containsAll(written);
    }

    private static boolean internal(String topic) {
        return topic.endsWith("-repartition") || topic.endsWith("-changelog");
    }

    private static List<String> list(Properties props, String key) {
        String value = props.getProperty(key);
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
