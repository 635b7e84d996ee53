package dev.spotshift.executor.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.spotshift.executor.domain.RolloutState;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The rollout state in its store and changelog, as JSON: it is the executor's private data (not a contract
 * event), so it stays out of the registry, and JSON lets an operator read the changelog with any console tool.
 * Unknown fields are skipped so an older executor can read what a newer one wrote during a rolling upgrade.
 */
public final class StateSerde {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StateSerde() {}

    public static Serde<RolloutState> serde() {
        Serializer<RolloutState> ser = (topic, state) -> state == null ? null : write(state);
        Deserializer<RolloutState> de = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(ser, de);
    }

    /** The reaper's orphans in its store, JSON as well and for the same reasons. */
    public static Serde<dev.spotshift.executor.domain.Reaping> reapings() {
        Serializer<dev.spotshift.executor.domain.Reaping> ser = (topic, r) -> {
            try {
                return r == null ? null : JSON.writeValueAsBytes(r);
            } catch (IOException e) {
                throw new UncheckedIOException("reaping of " + r.instanceId() + " cannot be written", e);
            }
        };
        Deserializer<dev.spotshift.executor.domain.Reaping> de = (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, dev.spotshift.executor.domain.Reaping.class);
            } catch (IOException e) {
                throw new UncheckedIOException("reaping cannot be read", e);
            }
        };
        return Serdes.serdeFrom(ser, de);
    }

    static byte[] write(RolloutState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException("rollout state of " + state.planId() + " cannot be written", e);
        }
    }

    static RolloutState read(byte[] bytes) {
        try {
            return JSON.readValue(bytes, RolloutState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("rollout state cannot be read", e);
        }
    }
}
