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
     * @param commands   breaches to emit as rollback commands, in order
     * @param suppressed breaches already covered by an emitted command
     * @param budget     where the plan stands against its budget (null: the plan has none)
     * @param budgetNews the standing reached a level not signalled before: the status says so at once
     */
    public record Outcome(PlanContext context, List<Breach> commands, int suppressed, BudgetGuard.Standing budget,
                          boolean budgetNews) {}

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
        BudgetGuard.Standing standing = null;
        boolean news = false;
        if (next.budget() != null) {
            standing = BudgetGuard.standing(next.budget(), next.accounting(), recent, sample);
            if (standing.level().ordinal() > next.budget().signalled().ordinal()) {
                news = true;
                next = next.withBudget(next.budget().signalledAt(standing.level()));
            }
            if (standing.level() == Budget.Level.CAPPED) {
                candidates.add(BudgetGuard.hold(standing, sample));
            }
        }
        for (Breach breach : candidates) {
            if (next.fullRollbackOrdered() || next.episodeOpen(breach.trigger())) {
                suppressed++;
                continue;
            }
            next = next.episodeOpened(breach, breach.commandId(planId));
            commands.add(breach);
        }
        return new Outcome(next, List.copyOf(commands), suppressed, standing, news);
    }
}
