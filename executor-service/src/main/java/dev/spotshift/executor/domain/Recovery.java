package dev.spotshift.executor.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Return to spot after a storm fallback. The market is re-read on a timer; the plan returns once it has been
 * healthy for the plan's {@code returnToSpotHoldMillis}, re-running its last good step with a fresh gate.
 * Hysteresis: the hold-down clock starts only when every criterion is inside the enter band (e.g. 80 % of the
 * limit) and is reset only when one goes past the limit itself, so a market oscillating around a limit never
 * starts the clock and a market recovering with noise inside the band does not restart it.
 */
final class Recovery {

    private Recovery() {}

    static Transition onMarketCheck(Tx tx, Timer timer) {
        if (!tx.s.pauses.stream().anyMatch(p -> PauseCondition.spotFallback(p.reason()))) {
            return tx.done(); // an operator resumed (or the plan ended) meanwhile: nothing to return from
        }
        tx.schedule(Timer.Kind.MARKET_CHECK, tx.now.plusMillis(tx.settings.spot().marketCheckMillis()),
                timer.causeId(), -1);
        tx.command(new Command.ReadMarket(tx.cloudId(), tx.plan().region(), tx.plan().instanceTypes(),
                tx.plan().spotRules().priceLookbackMillis()));
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
        if (overLimit || allOverLimit) {
            tx.s.spot = tx.s.spot.healthy(null);
            return tx.done();
        }
        if (recovered.isEmpty()) {
            return tx.done(); // inside the dead band: the clock neither starts nor resets
        }
        if (tx.s.spot.healthySince() == null) {
            tx.s.spot = tx.s.spot.healthy(tx.now);
            return tx.done();
        }
        if (tx.now.isBefore(tx.s.spot.healthySince().plusMillis(rules.returnToSpotHoldMillis()))) {
            return tx.done();
        }
        if (Failovers.undecided(tx)) {
            return tx.done(); // the backup region's gate is still open: the share moves once it has been judged
        }
        return returnToSpot(tx, recovered);
    }

    private static Transition returnToSpot(Tx tx, List<String> recovered) {
        List<String> dropped = new ArrayList<>(tx.plan().instanceTypes());
        dropped.removeAll(recovered);
        int goodStep = tx.s.spot.lastGoodStep();
        String failBack = Failovers.failBack(tx);
        tx.s.spot = tx.s.spot.returned(dropped);
        tx.s.timers.removeIf(t -> t.kind() == Timer.Kind.MARKET_CHECK);
        tx.s.pauses.removeIf(p -> PauseCondition.spotFallback(p.reason()));
        // The last good step is re-run with a fresh gate: the market changed since it passed.
        tx.s.completedStep = Math.max(-1, goodStep - 1);
        if (!tx.s.pauses.isEmpty()) {
            return tx.done(); // another hold (operator, kill switch) still stands; it resumes from here
        }
        return Holds.resume(tx, "return-to-spot: market healthy for " + tx.plan().spotRules().returnToSpotHoldMillis()
                + " ms on " + recovered + failBack, tx.s.lastEventId);
    }
}
