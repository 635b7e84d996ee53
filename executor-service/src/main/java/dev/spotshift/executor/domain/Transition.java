package dev.spotshift.executor.domain;

import java.util.List;

/**
 * The result of one input: the new state (null only for an input about an unknown plan), the commands in order,
 * and, when the input was not applied, why ({@code ignoredReason}).
 */
public record Transition(RolloutState state, List<Command> commands, String ignoredReason) {

    public Transition {
        commands = List.copyOf(commands);
    }

    public static Transition ignored(RolloutState state, String reason) {
        return new Transition(state, List.of(), reason);
    }

    public boolean applied() {
        return ignoredReason == null;
    }
}
