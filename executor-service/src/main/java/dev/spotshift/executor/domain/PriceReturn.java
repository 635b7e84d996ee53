package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * Return to spot after a price rollback (the monitor stepped back because spot delivered less than the plan's cost
 * efficiency). The plan holds with {@link PauseCondition.Reason#PRICE_SPIKE}; each serving sample tells the spot
 * price it paid (as a share of on-demand, from its cost against on-demand's). Once that price has stayed under the
 * cap ({@link SpotRules#returnPriceFraction()}) for the plan's {@code returnToSpotHoldMillis}, the plan resumes from
 * its last good step: the step it was stepped back from runs again with a fresh gate.
 * <p>
 * No flapping: the hold-down clock starts only below the enter band (e.g. 80 % of the cap) and restarts only when the
 * price goes past the cap itself, so a price oscillating around the cap never completes it; and a return comes at
 * least one hold-down after the previous one, so there is at most one return per hold-down whatever the price does.
 * A sample with nothing on spot says nothing of the spot price and changes nothing.
 */
final class PriceReturn {

    private PriceReturn() {}

    /** The hold a monitor rollback leaves: a price rollback may return by itself, any other waits for an operator. */
    static PauseCondition.Reason holdFor(Tx tx, RollbackTrigger trigger) {
        if (trigger != RollbackTrigger.COST_EFFICIENCY) {
            return PauseCondition.Reason.ROLLBACK_HOLD;
        }
        tx.s.spot = tx.s.spot.priceCalm(null); // the clock starts afresh from this rollback's price
        return PauseCondition.Reason.PRICE_SPIKE;
    }

    static Transition onMetric(Tx tx, Input.MetricObserved m) {
        OptionalDouble paid = m.spotPriceFraction();
        if (paid.isEmpty()) {
            return tx.ignore("sample with nothing on spot while held for the spot price");
        }
        SpotRules rules = tx.plan().spotRules();
        double cap = rules.returnPriceFraction();
        double band = tx.settings.spot().enterBandPercent() / 100.0;
        if (paid.getAsDouble() > cap) {
            if (tx.s.spot.priceCalmSince() == null) {
                return tx.ignore("spot price still over the cap");
            }
            tx.s.spot = tx.s.spot.priceCalm(null);
            return tx.done();
        }
        if (paid.getAsDouble() >= cap * band) {
            return tx.ignore("spot price inside the hysteresis band: the hold-down clock neither starts nor restarts");
        }
        Instant since = tx.s.spot.priceCalmSince();
        if (since == null) {
            tx.s.spot = tx.s.spot.priceCalm(tx.now);
            return tx.done();
        }
        Instant due = since.plusMillis(rules.returnToSpotHoldMillis());
        Instant last = tx.s.spot.priceReturnAt();
        if (last != null && last.plusMillis(rules.returnToSpotHoldMillis()).isAfter(due)) {
            due = last.plusMillis(rules.returnToSpotHoldMillis());
        }
        if (tx.now.isBefore(due)) {
            return tx.ignore("spot price under the cap for less than the hold-down");
        }
        tx.s.spot = tx.s.spot.priceReturned(tx.now);
        tx.s.pauses.removeIf(p -> p.reason() == PauseCondition.Reason.PRICE_SPIKE);
        if (!tx.s.pauses.isEmpty()) {
            return tx.done(); // another hold (operator, budget, kill switch) still stands; it resumes from here
        }
        return Holds.resume(tx, String.format(java.util.Locale.ROOT,
                "return-to-spot: spot price at %.0f %% of on-demand, under the cap of %.0f %% for %d ms",
                100 * paid.getAsDouble(), 100 * cap, rules.returnToSpotHoldMillis()), tx.s.lastEventId);
    }
}
