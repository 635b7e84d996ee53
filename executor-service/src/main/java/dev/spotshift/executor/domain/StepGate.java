package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * The step in flight and its gate (Argo's current step and its pause): which step awaits a verdict (-1 when none),
 * when the current step started, the PASS verdict held while a manual gate awaits approval, and how many
 * INCONCLUSIVE verdicts were re-judged for it. Changed only through the named steps below.
 *
 * @param step      the step whose gate is pending or awaiting approval, -1 when none
 * @param startedAt when the latest step started: the next one starts a full interval after it
 * @param verdictId the PASS verdict of {@code step} while it awaits a manual approval
 * @param rejudges  INCONCLUSIVE verdicts re-judged for {@code step}
 */
public record StepGate(int step, Instant startedAt, String verdictId, int rejudges) {

    /** Before the first step. */
    public static final StepGate NONE = new StepGate(-1, null, null, 0);

    /** A step just started: its gate is fresh. */
    static StepGate started(int step, Instant at) {
        return new StepGate(step, at, null, 0);
    }

    public boolean inFlight() {
        return step >= 0;
    }

    /** An INCONCLUSIVE verdict is judged again over a fresh window. */
    StepGate rejudged() {
        return new StepGate(step, startedAt, verdictId, rejudges + 1);
    }

    /** The gate passed on a manual step: the verdict is kept until an operator approves. */
    StepGate awaitingApproval(String passedVerdictId) {
        return new StepGate(step, startedAt, passedVerdictId, rejudges);
    }

    /** The step is over (completed, or undone by a rollback): no gate is pending and no verdict held. */
    StepGate closed() {
        return new StepGate(-1, startedAt, null, rejudges);
    }

    /** The step in flight is let go (a hold): it is re-run, with a fresh gate, on resume. */
    StepGate released() {
        return new StepGate(-1, startedAt, verdictId, rejudges);
    }
}
