package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * How far the rollout has come (Argo's phase and current step): the stage and since when, the last completed step
 * and the spot share the group was last set to.
 *
 * @param stage          where the rollout is
 * @param stageEnteredAt when it entered {@code stage}: windows and deadlines count from it
 * @param completedStep  index of the last step whose gate passed (and was approved), -1 before the first
 * @param spotPercent    the share last set (or recorded as set) on the group
 */
public record Progress(Stage stage, Instant stageEnteredAt, int completedStep, int spotPercent) {

    public Progress {
        Objects.requireNonNull(stage, "stage");
    }

    /** A plan just approved: in PREFLIGHT at 0 % spot with no step done. */
    public static Progress approved(Instant at) {
        return new Progress(Stage.PREFLIGHT, at, -1, 0);
    }
}
