package dev.spotshift.cli;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the services could not read or process, and sending it again once the cause is fixed. A re-drive copies
 * the ORIGINAL record (key, value and headers, which carry the registry's schema id) from its source topic and
 * offset back onto that topic, so the consumer that gave up on it reads it anew; the dead letter itself stays
 * as the record of what happened.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"List dead letters, or re-drive them to their source topic once the cause is fixed."})
public final class DeadLettersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--consumer", description = "Only those a given consumer gave up on (e.g. executor-service).")
    String consumer;

    @Option(names = "--source-topic", description = "Only those read from this topic.")
    String sourceTopic;

    @Option(names = "--since", description = "Only those that failed at or after this instant (ISO-8601).")
    Instant since;

    @Option(names = "--redrive", description = {"Copy each selected original record back onto its source topic.",
            "Needs the login (--command-config) of a principal the catalog lets read and write that topic: a re-drive"
                    + " writes as the topic's own writer, and the broker refuses anyone else."})
    boolean redrive;

    /**
     * Why {@code identity} may not re-drive onto {@code topic}, or empty when it may: it must be one the catalog names
     * as the topic's writer, the only principals the broker lets write it (an operator's principal re-drives operator
     * commands and kill-switch changes, the CLI's plan submissions; none re-drives a gate verdict or a decision, which
     * would let it forge one). Without a SASL login (a broker without authentication) there is no principal to check
     * and the broker decides.
     */
    static java.util.Optional<String> redriveRefusal(String identity, dev.spotshift.schemas.Topic<?> topic) {
        java.util.Optional<dev.spotshift.schemas.access.Principal> who = principal(identity);
        if (!identity.startsWith("User:")) {
            return java.util.Optional.empty();
        }
        if (who.isPresent() && topic.writers().contains(who.get())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(identity + " may not write " + topic.name() + "; the catalog lets only "
                + topic.writers().stream().flatMap(p -> p.logins().stream()).map(u -> "User:" + u).sorted().toList()
                + " write it");
    }

    private static java.util.Optional<dev.spotshift.schemas.access.Principal> principal(String identity) {
        if (!identity.startsWith("User:")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(dev.spotshift.schemas.access.Principal.byUser(identity.substring("User:".length())));
        } catch (IllegalArgumentException unknown) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public Integer call() {
        connection.requireReachable();
        PrintWriter out = spec.commandLine().getOut();
        List<DeadLetter> selected = new ArrayList<>();
        try (TopicReader<DeadLetter> reader = new TopicReader<>(connection, Topics.DEAD_LETTERS,
                spec.commandLine().getErr())) {
            reader.readToEnd(r -> {
                DeadLetter d = r.value();
                if (d != null && matches(d)) {
                    selected.add(d);
                }
            });
        }
        for (DeadLetter d : selected) {
            out.printf("%s  %s-%d@%d  %s  key=%s  %s%n", d.getFailedAt(), d.getSourceTopic(), d.getSourcePartition(),
                    d.getSourceOffset(), d.getConsumer(), d.getKey(), d.getReason());
        }
        if (!redrive) {
            out.println(selected.size() + " dead letter(s)" + (selected.isEmpty() ? "" : "; --redrive sends them again"));
            return ExitCodes.OK;
        }
        int sent = redrive(selected, out);
        out.println(sent + " of " + selected.size() + " record(s) re-driven to their source topics");
        return sent == selected.size() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    private boolean matches(DeadLetter d) {
        return (consumer == null || consumer.equals(d.getConsumer()))
                && (sourceTopic == null || sourceTopic.equals(d.getSourceTopic()))
                && (since == null || !d.getFailedAt().isBefore(since));
    }

    /** Reads each original back by its coordinates and produces it again, headers and all. */
    private int redrive(List<DeadLetter> letters, PrintWriter out) {
        Properties c = connection.clientProperties();
        c.put("enable.auto.commit", false);
        c.put("isolation.level", "read_committed");
        Properties p = connection.clientProperties();
        p.put("acks", "all");
        p.put("enable.idempotence", true);
        int sent = 0;
        try (KafkaConsumer<byte[], byte[]> originals = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            for (DeadLetter d : letters) {
                if (Topics.byName(d.getSourceTopic()).isEmpty() || d.getSourceOffset() < 0) {
                    out.println("  not re-driven: " + d.getSourceTopic() + "@" + d.getSourceOffset()
                            + " is no catalog topic position");
                    continue;
                }
                java.util.Optional<String> refused = redriveRefusal(connection.identity(),
                        Topics.byName(d.getSourceTopic()).get());
                if (refused.isPresent()) {
                    out.println("  not re-driven: " + d.getSourceTopic() + "@" + d.getSourceOffset() + ": "
                            + refused.get());
                    continue;
                }
                TopicPartition tp = new TopicPartition(d.getSourceTopic(), d.getSourcePartition());
                var who = principal(connection.identity());
                if (who.isPresent() && !Topics.byName(tp.topic()).get().readers().contains(who.get())) {
                    // a writer that may not read the topic back: the dead letter kept the record's key and value whole
                    producer.send(new ProducerRecord<>(tp.topic(), null, d.getKey() == null ? null
                            : d.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            d.getValue() == null ? null : toBytes(d.getValue()))).get();
                    sent++;
                    continue;
                }
                originals.assign(List.of(tp));
                originals.seek(tp, d.getSourceOffset());
                ConsumerRecord<byte[], byte[]> original = null;
                long deadline = System.nanoTime() + Connection.REACH_TIMEOUT.toNanos();
                while (original == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : originals.poll(Duration.ofMillis(200))) {
                        if (r.offset() == d.getSourceOffset()) {
                            original = r;
                        }
                        break;
                    }
                }
                if (original == null) {
                    out.println("  not re-driven: " + tp + "@" + d.getSourceOffset()
                            + " is no longer in the log (retention) or was aborted");
                    continue;
                }
                producer.send(new ProducerRecord<>(tp.topic(), null, original.key(), original.value(),
                        original.headers())).get();
                sent++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("interrupted while re-driving");
        } catch (java.util.concurrent.ExecutionException e) {
            throw CliException.error("re-drive failed: " + SpotshiftCli.oneLine(e));
        }
        return sent;
    }

    private static byte[] toBytes(java.nio.ByteBuffer b) {
        java.nio.ByteBuffer copy = b.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
