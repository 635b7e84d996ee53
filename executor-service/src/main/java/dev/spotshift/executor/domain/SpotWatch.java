package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the executor tracks about the plan's spot capacity beside the rollout: interruptions in flight, recent
 * interruptions per pool (type x AZ) for storm detection, types taken out of the policy, and the storm fallback
 * with its return-to-spot clock.
 *
 * @param hits           interruption warnings within the storm window, as "type/az@epochMillis"
 * @param droppedTypes   types a storm took out of the group's policy (the policy lists types, not pools)
 * @param fallbackAt     when every pool stormed and the plan went on-demand; null when not fallen back
 * @param lastGoodStep   the step whose gate had passed when the storm fallback came; the return re-runs it
 * @param healthySince   the market has read healthy (inside the hysteresis band) since then; null otherwise
 * @param returns        how many times the plan returned to spot after a storm
 * @param survived       interruptions answered with a replacement
 * @param priceCalmSince while a monitor rollback (or a failed gate) holds the plan and may return by itself: its
 *                       trigger has read cleared (inside the hysteresis band) since then (null otherwise, and in
 *                       states stored before it existed)
 * @param priceReturnAt  the last return to spot after such a rollback: the next one waits a hold-down past it
 * @param failover       the spot share moved to the backup region's group while the primary cannot hold it; null
 *                       when none (and in states stored before failover existed)
 * @param clearing       the trigger of the rollback holding the plan, whose condition clearing for the hold-down
 *                       returns it to spot; null when the hold waits for an operator (and in older states, where a
 *                       {@code PRICE_SPIKE} hold means {@code COST_EFFICIENCY})
 */
public record SpotWatch(List<Interruption> interruptions, List<String> hits, List<String> droppedTypes,
                        Instant fallbackAt, int lastGoodStep, Instant healthySince, int returns, int survived,
                        Instant priceCalmSince, Instant priceReturnAt, Failover failover, RollbackTrigger clearing) {

    public static final SpotWatch EMPTY = new SpotWatch(List.of(), List.of(), List.of(), null, -1, null, 0, 0, null,
            null, null, null);
    /** Finished interruptions kept to recognise late reports; older ones are forgotten. */
    static final int DONE_KEPT = 20;

    public SpotWatch {
        interruptions = interruptions == null ? List.of() : List.copyOf(interruptions);
        hits = hits == null ? List.of() : List.copyOf(hits);
        droppedTypes = droppedTypes == null ? List.of() : List.copyOf(droppedTypes);
    }

    java.util.Optional<Interruption> byWarning(String warningId) {
        return interruptions.stream().filter(i -> i.warningId().equals(warningId)).findFirst();
    }

    java.util.Optional<Interruption> byInstance(String instanceId) {
        return interruptions.stream().filter(i -> i.instanceId().equals(instanceId)).reduce((a, b) -> b);
    }

    java.util.Optional<Interruption> byCommand(String commandId) {
        return interruptions.stream().filter(i -> i.commandId().equals(commandId)).findFirst();
    }

    SpotWatch put(Interruption changed) {
        List<Interruption> list = new ArrayList<>(interruptions);
        list.removeIf(i -> i.warningId().equals(changed.warningId()));
        list.add(changed);
        while (list.stream().filter(Interruption::done).count() > DONE_KEPT) {
            list.remove(list.stream().filter(Interruption::done).findFirst().orElseThrow());
        }
        return new SpotWatch(list, hits, droppedTypes, fallbackAt, lastGoodStep, healthySince, returns,
                survived + (changed.done() && changed.replacement() != null ? 1 : 0), priceCalmSince, priceReturnAt,
                failover, clearing);
    }

    SpotWatch withHits(List<String> h, List<String> dropped) {
        return new SpotWatch(interruptions, h, dropped, fallbackAt, lastGoodStep, healthySince, returns, survived,
                priceCalmSince, priceReturnAt, failover, clearing);
    }

    SpotWatch fellBack(Instant at, int goodStep) {
        return new SpotWatch(interruptions, hits, droppedTypes, at, goodStep, null, returns, survived, priceCalmSince,
                priceReturnAt, failover, clearing);
    }

    SpotWatch healthy(Instant since) {
        return new SpotWatch(interruptions, hits, droppedTypes, fallbackAt, lastGoodStep, since, returns, survived,
                priceCalmSince, priceReturnAt, failover, clearing);
    }

    SpotWatch returned(List<String> dropped) {
        return new SpotWatch(interruptions, List.of(), dropped, null, -1, null, returns + 1, survived, priceCalmSince,
                priceReturnAt, failover, clearing);
    }

    SpotWatch priceCalm(Instant since) {
        return new SpotWatch(interruptions, hits, droppedTypes, fallbackAt, lastGoodStep, healthySince, returns,
                survived, since, priceReturnAt, failover, clearing);
    }

    SpotWatch priceReturned(Instant at) {
        return new SpotWatch(interruptions, hits, droppedTypes, fallbackAt, lastGoodStep, healthySince, returns + 1,
                survived, null, at, failover, null);
    }

    SpotWatch withFailover(Failover f) {
        return new SpotWatch(interruptions, hits, droppedTypes, fallbackAt, lastGoodStep, healthySince, returns,
                survived, priceCalmSince, priceReturnAt, f, clearing);
    }

    SpotWatch clearing(RollbackTrigger trigger) {
        return new SpotWatch(interruptions, hits, droppedTypes, fallbackAt, lastGoodStep, healthySince, returns,
                survived, null, priceReturnAt, failover, trigger);
    }
}
