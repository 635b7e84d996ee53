package dev.spotshift.cli;

import dev.spotshift.schemas.AckedPublisher;
import dev.spotshift.schemas.Topic;
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
            return publisher.send(topic, key, value);
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
