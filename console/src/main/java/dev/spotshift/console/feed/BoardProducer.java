package dev.spotshift.console.feed;

import dev.spotshift.console.domain.Board;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one board (and dead-letter tally and kill-switch state) of this process, shared by the reader, the pages and the gauges. */
@ApplicationScoped
public class BoardProducer {

    @Produces
    @ApplicationScoped
    Board board(dev.spotshift.console.ConsoleConfig config) {
        return new Board(config.maxPoints());
    }

    @Produces
    @ApplicationScoped
    dev.spotshift.console.domain.KillSwitchState killSwitch() {
        return new dev.spotshift.console.domain.KillSwitchState();
    }

    @Produces
    @ApplicationScoped
    dev.spotshift.console.domain.DeadLetterTally deadLetters() {
        return new dev.spotshift.console.domain.DeadLetterTally();
    }
}
