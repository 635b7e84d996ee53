package dev.spotshift.schemas;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.SerializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;

/**
 * The connector's default dead-letter handling copies undecodable bytes to the dead-letter topic as
 * they are, bypassing the configured serializer. Naming this handler on a channel
 * ({@code dead-letter-queue.value-serialization-failure-handler=spotshift-dead-letter}) lets
 * {@link DeadLetterSerializer} run, so the topic holds one format: {@code DeadLetter} records that
 * embed those bytes. A failure to write the dead letter is not swallowed: the record stays unacknowledged.
 */
@Identifier(DeadLetterSerializationHandler.ID)
@ApplicationScoped
public class DeadLetterSerializationHandler implements SerializationFailureHandler<Object> {

    public static final String ID = "spotshift-dead-letter";

    @Override
    public byte[] decorateSerialization(Uni<byte[]> serialization, String topic, boolean isKey, String serializer,
                                        Object data, Headers headers) {
        return serialization.await().indefinitely();
    }
}
