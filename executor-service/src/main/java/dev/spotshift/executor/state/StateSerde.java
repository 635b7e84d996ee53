package dev.spotshift.executor.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.spotshift.executor.domain.Reaping;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.state.PlanRolloutState;
import dev.spotshift.state.ReapingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * The executor's stores in the one state format ({@link dev.spotshift.schemas.state.StateSerde}): each value an Avro
 * state record with its writer schema's fingerprint, so a store restored after a deploy reads as the new code expects.
 * What 0.1.x stored as Jackson JSON (ISO instants, unknown fields skipped) still reads, once: the next write of that
 * key stores it in this format.
 */
public final class StateSerde {

    /** 0.1.x wrote with this mapper; it now only reads what 0.1.x left in the stores. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Where 0.1.x's flat parts of a rollout now stand: for each named part of {@link RolloutState}, 0.1.x's field name
     * and the part's own (the step gate renamed its four; the others kept theirs).
     */
    static final Map<String, Map<String, String>> PARTS_0_1 = new LinkedHashMap<>();

    static {
        PARTS_0_1.put("gate", names("activeStep", "step", "stepStartedAt", "startedAt", "gateVerdictId", "verdictId",
                "rejudges", "rejudges"));
        PARTS_0_1.put("progress", same("stage", "stageEnteredAt", "completedStep", "spotPercent"));
        PARTS_0_1.put("holding", same("pauses", "pausedFrom", "abort", "killSwitchEngaged"));
        PARTS_0_1.put("dedupe", same("processedIds", "awaiting", "eventSeq", "lastEventId"));
        PARTS_0_1.put("readings", same("preflight", "monitoringSeen", "observed", "baseline", "groupBefore"));
    }

    /** The same inside 0.1.x's spot watch, whose fields were flat too. */
    static final Map<String, Map<String, String>> SPOT_PARTS_0_1 = new LinkedHashMap<>();

    static {
        SPOT_PARTS_0_1.put("market", same("hits", "droppedTypes", "fallbackAt", "lastGoodStep", "healthySince"));
        SPOT_PARTS_0_1.put("price", names("priceCalmSince", "calmSince", "priceReturnAt", "returnAt", "clearing",
                "clearing"));
    }

    private static Map<String, String> names(String... wasIs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < wasIs.length; i += 2) {
            m.put(wasIs[i], wasIs[i + 1]);
        }
        return m;
    }

    private static Map<String, String> same(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return m;
    }

    private StateSerde() {}

    /** Each plan's rollout, as {@link PlanRolloutState} ({@link RolloutStateMapping}). */
    public static Serde<RolloutState> rollouts() {
        return dev.spotshift.schemas.state.StateSerde.of(PlanRolloutState.class, RolloutStateMapping::toState,
                RolloutStateMapping::fromState, StateSerde::legacyRollout);
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
                r.planKnown(), r.reason(), r.status().name(), r.attempt(), r.commandId(),
                RolloutStateMapping.nanos(r.judgedAt()), RolloutStateMapping.nanos(r.lastSeenAt()));
    }

    static Reaping fromState(ReapingState s) {
        return new Reaping(s.getInstanceId(), s.getPlanId(), s.getInstanceType(), s.getAvailabilityZone(),
                s.getSpot(), s.getPlanKnown(), s.getReason(), Reaping.Status.valueOf(s.getStatus()), s.getAttempt(),
                s.getCommandId(), RolloutStateMapping.instant(s.getJudgedAtEpochNanos()),
                RolloutStateMapping.instant(s.getLastSeenAtEpochNanos()));
    }

    static Reaping legacyReaping(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Reaping.class);
        } catch (IOException e) {
            throw new UncheckedIOException("reaping cannot be read", e);
        }
    }

    private static void nest(ObjectNode flat, Map<String, Map<String, String>> parts) {
        parts.forEach((partName, fields) -> {
            ObjectNode part = flat.putObject(partName);
            fields.forEach((was, is) -> {
                JsonNode v = flat.remove(was);
                if (v != null) {
                    part.set(is, v);
                }
            });
        });
    }

    static RolloutState legacyRollout(byte[] bytes) {
        try {
            // 0.1.x kept every part's fields side by side at the top, and the spot watch's within it
            ObjectNode flat = (ObjectNode) JSON.readTree(bytes);
            nest(flat, PARTS_0_1);
            if (flat.get("spot") instanceof ObjectNode spot) {
                nest(spot, SPOT_PARTS_0_1);
            }
            return JSON.treeToValue(flat, RolloutState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("rollout state cannot be read", e);
        }
    }
}
