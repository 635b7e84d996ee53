package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the executor tracks about the plan's spot capacity beside the rollout, in named parts: interruptions in
 * flight, the market's fallback (storms, shortages) and its return, the return after a monitor rollback, and the
 * failover to the backup region.
 *
 * @param interruptions interruptions in flight and the last finished ones
 * @param survived      interruptions answered with a replacement
 * @param market        storm detection, types dropped, the fallback to on-demand and its return clock
 * @param price         the monitor rollback that may return by itself, and the last such return
 * @param returns       how many times the plan returned to spot (after a fallback or such a rollback)
 * @param failover      the spot share moved to the backup region's group while the primary cannot hold it; null
 *                      when none (and in states stored before failover existed)
 */
public record SpotWatch(List<Interruption> interruptions, int survived, MarketFallback market, PriceHold price,
                        int returns, Failover failover) {

    public static final SpotWatch EMPTY = new SpotWatch(List.of(), 0, MarketFallback.NONE, PriceHold.NONE, 0, null);
    /** Finished interruptions kept to recognise late reports; older ones are forgotten. */
    static final int DONE_KEPT = 20;

    public SpotWatch {
        interruptions = interruptions == null ? List.of() : List.copyOf(interruptions);
        market = market == null ? MarketFallback.NONE : market;
        price = price == null ? PriceHold.NONE : price;
    }

    // Reads of single facts of the parts.

    public List<String> hits() {
        return market.hits();
    }

    public List<String> droppedTypes() {
        return market.droppedTypes();
    }

    public Instant fallbackAt() {
        return market.fallbackAt();
    }

    public int lastGoodStep() {
        return market.lastGoodStep();
    }

    public Instant healthySince() {
        return market.healthySince();
    }

    public Instant priceCalmSince() {
        return price.calmSince();
    }

    public Instant priceReturnAt() {
        return price.returnAt();
    }

    public RollbackTrigger clearing() {
        return price.clearing();
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
        return new SpotWatch(list, survived + (changed.done() && changed.replacement() != null ? 1 : 0), market,
                price, returns, failover);
    }

    SpotWatch withHits(List<String> h, List<String> dropped) {
        return withMarket(market.withHits(h, dropped));
    }

    SpotWatch fellBack(Instant at, int goodStep) {
        return withMarket(market.fellBack(at, goodStep));
    }

    SpotWatch healthy(Instant since) {
        return withMarket(market.healthy(since));
    }

    SpotWatch returned(List<String> dropped) {
        return new SpotWatch(interruptions, survived, market.returned(dropped), price, returns + 1, failover);
    }

    SpotWatch priceCalm(Instant since) {
        return new SpotWatch(interruptions, survived, market, price.calm(since), returns, failover);
    }

    SpotWatch priceReturned(Instant at) {
        return new SpotWatch(interruptions, survived, market, price.returned(at), returns + 1, failover);
    }

    SpotWatch withFailover(Failover f) {
        return new SpotWatch(interruptions, survived, market, price, returns, f);
    }

    SpotWatch clearing(RollbackTrigger trigger) {
        return new SpotWatch(interruptions, survived, market, price.clearedBy(trigger), returns, failover);
    }

    private SpotWatch withMarket(MarketFallback m) {
        return new SpotWatch(interruptions, survived, m, price, returns, failover);
    }
}
