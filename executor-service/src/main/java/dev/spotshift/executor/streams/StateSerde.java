package dev.spotshift.executor.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.spotshift.executor.domain.Reaping;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.state.ReapingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
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

    /**
     * The reaper's orphans in the one state format ({@link dev.spotshift.schemas.state.StateSerde}); what 0.1.x
     * stored as JSON still reads, once.
     */
    public static Serde<Reaping> reapings() {
        return dev.spotshift.schemas.state.StateSerde.of(ReapingState.class, StateSerde::toState,
                StateSerde::fromState, StateSerde::legacyReaping);
    }

    static ReapingState toState(Reaping r) {
        return new ReapingState(r.instanceId(), r.planId(), r.instanceType(), r.availabilityZone(), r.spot(),
                r.planKnown(), r.reason(), r.status().name(), r.attempt(), r.commandId(), nanos(r.judgedAt()),
                nanos(r.lastSeenAt()));
    }

    static Reaping fromState(ReapingState s) {
        return new Reaping(s.getInstanceId(), s.getPlanId(), s.getInstanceType(), s.getAvailabilityZone(),
                s.getSpot(), s.getPlanKnown(), s.getReason(), Reaping.Status.valueOf(s.getStatus()), s.getAttempt(),
                s.getCommandId(), instant(s.getJudgedAtEpochNanos()), instant(s.getLastSeenAtEpochNanos()));
    }

    static Reaping legacyReaping(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Reaping.class);
        } catch (IOException e) {
            throw new UncheckedIOException("reaping cannot be read", e);
        }
    }

    private static Long nanos(Instant t) {
        return t == null ? null : t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Instant instant(Long nanos) {
        return nanos == null ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
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
