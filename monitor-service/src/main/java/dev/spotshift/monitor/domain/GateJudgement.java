package dev.spotshift.monitor.domain;

import java.util.List;

/** The verdict on one rollout step's validation window. */
public record GateJudgement(
        int stepIndex,
        Result result,
        double confidence,
        List<Check> checks,
        List<Note> notes,
        long windowStartMillis,
        long windowEndMillis,
        long samples) {

    public enum Result { PASS, FAIL, INCONCLUSIVE }
}
