package dev.spotshift.coordinator.domain;

import dev.spotshift.events.Reason;
import dev.spotshift.events.VoteVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's verdict before it becomes an {@code AgentVote}: what it decided, how sure it is, why,
 * and the numbers it looked at.
 *
 * @param recommendedInstanceTypes types this agent is content with; empty means "no opinion on types"
 */
public record Opinion(VoteVerdict verdict, double confidence, List<Reason> reasons,
                      Map<String, Double> evidence, List<String> recommendedInstanceTypes) {

    public Opinion {
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
        reasons = List.copyOf(reasons);
        evidence = Map.copyOf(evidence);
        recommendedInstanceTypes = List.copyOf(recommendedInstanceTypes);
    }

    /** Collects findings while an agent works through its rules. */
    public static final class Builder {
        private final List<Reason> blockers = new ArrayList<>();
        private final List<Reason> notes = new ArrayList<>();
        private final Map<String, Double> evidence = new LinkedHashMap<>();
        private double confidence;

        public Builder(double startingConfidence) {
            this.confidence = startingConfidence;
        }

        /** A finding that makes the agent reject. */
        public Builder block(String code, String message, String location) {
            blockers.add(reason(code, message, location));
            return this;
        }

        /** A finding that does not block but makes the agent less sure. */
        public Builder caution(String code, String message, String location, double confidenceFactor) {
            notes.add(reason(code, message, location));
            confidence *= confidenceFactor;
            return this;
        }

        /** A finding worth recording that changes nothing. */
        public Builder note(String code, String message, String location) {
            notes.add(reason(code, message, location));
            return this;
        }

        public Builder evidence(String name, double value) {
            evidence.put(name, value);
            return this;
        }

        public Builder scaleConfidence(double factor) {
            confidence *= factor;
            return this;
        }

        public boolean blocked() {
            return !blockers.isEmpty();
        }

        /**
         * Rejects when anything blocked, with the blocking reasons first; the confidence of a
         * rejection is how sure the agent is of the blocking facts.
         */
        public Opinion build(String approveCode, String approveMessage, double rejectConfidence,
                             List<String> recommended) {
            List<Reason> reasons = new ArrayList<>();
            if (blocked()) {
                reasons.addAll(blockers);
                reasons.addAll(notes);
                return new Opinion(VoteVerdict.REJECT, clamp(rejectConfidence), reasons, evidence, List.of());
            }
            reasons.add(reason(approveCode, approveMessage, null));
            reasons.addAll(notes);
            return new Opinion(VoteVerdict.APPROVE, clamp(confidence), reasons, evidence, recommended);
        }
    }

    public static Reason reason(String code, String message, String location) {
        return Reason.newBuilder().setCode(code).setMessage(message).setLocation(location).build();
    }

    static double clamp(double c) {
        return Math.max(0.0, Math.min(1.0, Math.round(c * 1000) / 1000.0));
    }
}
