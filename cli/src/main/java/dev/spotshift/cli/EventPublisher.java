package dev.spotshift.cli;

import dev.spotshift.schemas.AckedPublisher;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.OperatorProof;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;

/** Sends the CLI's events, one at a time and synchronously: a person wants to know it arrived. */
public final class EventPublisher implements AutoCloseable {

    private final Connection connection;
    private final AckedPublisher publisher;

    public EventPublisher(Connection connection) {
        this.connection = connection;
        this.publisher = new AckedPublisher(connection.clientProperties(), connection.registryUrl(), Connection.REACH_TIMEOUT);
    }

    /** Returns once the broker has the event; a failure is a {@link CliException} saying what to check. */
    public <V extends SpecificRecord> RecordMetadata send(Topic<V> topic, String key, V value) {
        try {
            // an operator command goes with the sender's token, which the executor and the audit check (OperatorProof)
            java.util.Map<String, String> headers = topic.name().equals(Topics.OPERATOR_COMMANDS.name())
                    ? connection.operatorToken().map(t -> java.util.Map.of(OperatorProof.HEADER, t)).orElse(java.util.Map.of())
                    : java.util.Map.of();
            return publisher.send(topic, key, value, headers);
        } catch (SerializationException e) {
            throw new CliException(ExitCodes.ERROR, "cannot register the event's schema with the registry at "
                    + connection.registryUrl() + " (is it up? check --registry-url or " + Connection.ENV_REGISTRY + ")", e);
        } catch (AckedPublisher.NotTaken e) {
            throw new CliException(ExitCodes.ERROR, "Kafka at " + connection.bootstrapServers() + ": "
                    + SpotshiftCli.oneLine(e), e);
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}
