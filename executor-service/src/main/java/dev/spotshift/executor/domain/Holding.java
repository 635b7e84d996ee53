package dev.spotshift.executor.domain;

import java.util.List;

/**
 * What holds the plan (Argo's pause conditions and abort): the conditions with their reason and start, the stage a
 * resume re-enters, an operator's abort, and the kill switch's flag as last seen.
 *
 * @param pauses            the conditions holding the plan, one per reason; PAUSED lasts while any is left
 * @param pausedFrom        the stage a resume re-enters (null unless PAUSED)
 * @param abort             who aborted the plan, when and why; null when nobody did
 * @param killSwitchEngaged the switch as last seen, so the wiring offers only a change of it
 */
public record Holding(List<PauseCondition> pauses, Stage pausedFrom, Abort abort, boolean killSwitchEngaged) {

    /** Nothing holds the plan. */
    public static final Holding NONE = new Holding(List.of(), null, null, false);

    public Holding {
        pauses = pauses == null ? List.of() : List.copyOf(pauses);
    }
}
