package dev.spotshift.executor.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Return to spot after a storm fallback, or after a spot capacity shortage in the primary. The market is re-read on a timer; the plan returns once it has been
 * healthy for the plan's {@code returnToSpotHoldMillis}, re-running its last good step with a fresh gate.
 * Hysteresis: the hold-down clock starts only when every criterion is inside the enter band (e.g. 80 % of the
 * limit) and is reset only when one goes past the limit itself, so a market oscillating around a limit never
 * starts the clock and a market recovering with noise inside the band does not restart it.
 * <p>
 * A shortage is not in the prices: while its hold stands, each market check also reads the primary's spot placement
 * score for the share that found no capacity (the step after the last good one), and the same hysteresis applies to
 * it: the clock starts only at {@link #SHORTAGE_CLEARED} or above and restarts below {@link #SHORTAGE_STANDS} (or
 * without a reading). A shortage that lasts, or comes and goes, therefore never brings the plan back only to fail the
 * same step and fail over again; and as every fallback stops the clock, two returns are at least a hold-down apart.
 */
final class Recovery {

    /** A placement score from which the primary's spot capacity counts as back (AWS: 'likely to succeed'). */
    static final int SHORTAGE_CLEARED = 7;
    /** A placement score under which the shortage still stands: the return clock restarts. */
    static final int SHORTAGE_STANDS = 5;

    private Recovery() {}

    private static boolean shortageHold(Tx tx) {
        return tx.s.pauses.stream().anyMatch(p -> p.reason() == PauseCondition.Reason.CAPACITY_SHORTAGE);
    }

    /** The spot instances of the step that found no capacity: what the primary must be able to launch again. */
    private static int shortOf(Tx tx) {
        PlanSpec p = tx.plan();
        int failed = Math.min(p.stepCount() - 1, Math.max(0, tx.s.spot.lastGoodStep() + 1));
        return Failovers.movedInstances(tx, p.percentOf(failed));
    }

    static Transition onMarketCheck(Tx tx, Timer timer) {
        if (!tx.s.pauses.stream().anyMatch(p -> PauseCondition.spotFallback(p.reason()))) {
            return tx.done(); // an operator resumed (or the plan ended) meanwhile: nothing to return from
        }
        tx.schedule(Timer.Kind.MARKET_CHECK, tx.now.plusMillis(tx.settings.spot().marketCheckMillis()),
                timer.causeId(), -1);
        tx.command(new Command.ReadMarket(tx.cloudId(), tx.plan().region(), tx.plan().instanceTypes(),
                tx.plan().spotRules().priceLookbackMillis(), shortageHold(tx) ? shortOf(tx) : null));
        return tx.done();
    }

    static Transition onMarket(Tx tx, Input.MarketRead m) {
        if (!tx.s.pauses.stream().anyMatch(p -> PauseCondition.spotFallback(p.reason()))) {
            return tx.ignore("market reading while no storm fallback holds the plan");
        }
        SpotRules rules = tx.plan().spotRules();
        double band = tx.settings.spot().enterBandPercent() / 100.0;
        List<String> recovered = new ArrayList<>();
        boolean overLimit = Storms.anyStormy(tx);
        for (Input.TypeHealth t : m.types()) {
            if (t.priceVariationPercent() > rules.maxPriceVariationPercent()
                    || t.interruptionRatePercent() > rules.maxInterruptionRatePercent()) {
                continue; // this type stays out; the others may carry the return
            }
            if (t.priceVariationPercent() < rules.maxPriceVariationPercent() * band
                    && t.interruptionRatePercent() < rules.maxInterruptionRatePercent() * band) {
                recovered.add(t.instanceType());
            }
        }
        boolean allOverLimit = m.types().stream().allMatch(t -> t.priceVariationPercent() > rules.maxPriceVariationPercent()
                || t.interruptionRatePercent() > rules.maxInterruptionRatePercent());
        Integer score = m.placementScore();
        boolean shortage = shortageHold(tx);
        if (overLimit || allOverLimit || (shortage && (score == null || score < SHORTAGE_STANDS))) {
            tx.marketHealthySince(null);
            return tx.done();
        }
        if (recovered.isEmpty()) {
            return tx.done(); // inside the dead band: the clock neither starts nor resets
        }
        if (tx.s.spot.healthySince() == null) {
            if (shortage && score < SHORTAGE_CLEARED) {
                return tx.done(); // capacity inside its dead band: the clock does not start
            }
            tx.marketHealthySince(tx.now);
            return tx.done();
        }
        if (tx.now.isBefore(tx.s.spot.healthySince().plusMillis(rules.returnToSpotHoldMillis()))) {
            return tx.done();
        }
        if (Failovers.undecided(tx)) {
            return tx.done(); // the backup region's gate is still open: the share moves once it has been judged
        }
        return returnToSpot(tx, recovered, shortage ? "; spot capacity back in " + tx.plan().region()
                + " (placement score " + score + " for " + shortOf(tx) + " instances)" : "");
    }

    private static Transition returnToSpot(Tx tx, List<String> recovered, String capacity) {
        List<String> dropped = new ArrayList<>(tx.plan().instanceTypes());
        dropped.removeAll(recovered);
        int goodStep = tx.s.spot.lastGoodStep();
        String failBack = Failovers.failBack(tx);
        tx.returnedToSpot(dropped);
        tx.cancel(Timer.Kind.MARKET_CHECK);
        tx.spotFallbackHoldsLifted();
        // The last good step is re-run with a fresh gate: the market changed since it passed.
        tx.stepRedone(goodStep);
        if (!tx.s.pauses.isEmpty()) {
            return tx.done(); // another hold (operator, kill switch) still stands; it resumes from here
        }
        return Holds.resume(tx, "return-to-spot: market healthy for " + tx.plan().spotRules().returnToSpotHoldMillis()
                + " ms on " + recovered + capacity + failBack, tx.s.lastEventId);
    }
}
