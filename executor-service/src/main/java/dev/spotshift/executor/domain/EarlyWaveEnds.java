package dev.spotshift.executor.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The end of a wave-before migration can be read before the waiting plan's own decision (its vote took longer): it
 * is kept until the decision comes and then applied, so the wave never waits for an end it already missed. Kept per
 * plan as text (one end a line, tab-separated), which is what the executor's wave store holds.
 */
public final class EarlyWaveEnds {

    private EarlyWaveEnds() {}

    /** An end for a plan that has no state yet: kept, not applied. */
    public static boolean kept(Input input, RolloutState stored) {
        return input instanceof Input.WaveFinished && stored == null;
    }

    /** The plan's decision has just made it: what was kept for it is applied now. */
    public static boolean due(Input input, RolloutState stored, RolloutState state) {
        return input instanceof Input.PlanApproved && stored == null && state != null
                && state.stage() == Stage.APPROVED;
    }

    /** {@code kept} ({@code null}: none yet) with {@code end} added. */
    public static String add(String kept, Input.WaveFinished end) {
        return (kept == null ? "" : kept) + end.eventId() + "\t" + end.planId() + "\t" + end.outcome() + "\n";
    }

    /** The ends kept, in the order they came. */
    public static List<Input.WaveFinished> read(String kept) {
        List<Input.WaveFinished> ends = new ArrayList<>();
        for (String line : kept.split("\n")) {
            String[] f = line.split("\t");
            ends.add(new Input.WaveFinished(f[0], f[1], Stage.valueOf(f[2])));
        }
        return ends;
    }
}
