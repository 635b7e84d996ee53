package dev.spotshift.console.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kill switch as the console last read it from its compacted topic: engaged or not, and who flipped it, when and
 * why (the record's operator, which the console's own action sets to the token's subject). Empty until a flip is read.
 */
public final class KillSwitchState {

    /** One flip of the switch as its record says it. */
    public record Flip(boolean engaged, String operator, String reason, Instant at) {}

    private final AtomicReference<Flip> latest = new AtomicReference<>();

    /** The log's order is the switch's order (one key, one partition): the last record read is the state. */
    public void apply(Flip flip) {
        latest.set(flip);
    }

    public Optional<Flip> latest() {
        return Optional.ofNullable(latest.get());
    }
}
