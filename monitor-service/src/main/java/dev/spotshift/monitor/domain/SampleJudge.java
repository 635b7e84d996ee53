package dev.spotshift.monitor.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Judges one sample of a live plan with both tiers and decides which breaches become commands:
 * at most one command per plan, trigger and breach episode, and nothing more once a full
 * rollback has been ordered (the plan is ending; a second emergency order helps no one).
 */
public final class SampleJudge {

    private SampleJudge() {}

    /**
     * @param commands  breaches to emit as rollback commands, in order
     * @param suppressed breaches already covered by an emitted command
     */
    public record Outcome(PlanContext context, List<Breach> commands, int suppressed) {}

    public static Outcome judge(String planId, PlanContext context, Collection<Sample> recent, Sample sample) {
        PlanContext next = context.sampled(sample);
        List<Breach> commands = new ArrayList<>();
        int suppressed = 0;
        List<Breach> candidates = new ArrayList<>();
        Optional<Breach> immediate = ImmediateRules.judge(next.limits(), recent, sample);
        immediate.ifPresent(candidates::add);
        if (immediate.isEmpty()) {
            candidates.addAll(GradualRules.judge(next.limits(), next.baseline(), recent, sample, next.watchedSinceMillis()));
        }
        for (Breach breach : candidates) {
            if (next.fullRollbackOrdered() || next.episodeOpen(breach.trigger())) {
                suppressed++;
                continue;
            }
            next = next.episodeOpened(breach, breach.commandId(planId));
            commands.add(breach);
        }
        return new Outcome(next, List.copyOf(commands), suppressed);
    }
}
