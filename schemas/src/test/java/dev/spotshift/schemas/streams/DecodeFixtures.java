package dev.spotshift.schemas.streams;

import dev.spotshift.events.KillSwitch;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** What the decode tests feed their decoders: a fixed clock, an engaged kill switch, and bytes that name outcomes. */
final class DecodeFixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    static final KillSwitch ENGAGED = KillSwitch.newBuilder()
            .setEnvelope(Envelopes.next(Topics.KILL_SWITCH_KEY, "spotshift-cli/test", null, CLOCK))
            .setEngaged(true).setOperator("ops").setReason(null).build();

    /**
     * "switch" reads as a kill switch, "envelope" as a readable record of another type, "down" as no registry,
     * anything else as garbage.
     */
    static final Deserializer<Object> VALUES = (topic, bytes) -> switch (new String(bytes, StandardCharsets.UTF_8)) {
        case "switch" -> ENGAGED;
        case "envelope" -> ENGAGED.getEnvelope();
        case "down" -> {
            Error error = new Error();
            error.setName("ConnectException");
            error.setMessage("Connection refused");
            throw new SerializationException("schema lookup failed", new RestClientException(error));
        }
        default -> throw new SerializationException("Unknown magic byte!");
    };

    private DecodeFixtures() {}
}
