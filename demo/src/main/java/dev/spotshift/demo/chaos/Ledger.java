package dev.spotshift.demo.chaos;

import dev.spotshift.cloud.sim.CapacityCall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the shared simulated account's ledger says a round's plans did: a capacity change made twice is the same share
 * set on the same group twice in a row (a replayed command must read back and do nothing); a replacement made twice
 * is a fresh launch or an in-group replacement beyond one per interruption the plan handled, or the same instance
 * replaced twice. A launch answered from its client token ("replayed") is idempotence at work, not a duplicate.
 */
final class Ledger {

    static final String SHARE_CHANGE = "autoscaling:UpdateAutoScalingGroup";
    static final String REPLACE_IN_GROUP = "autoscaling:TerminateInstanceInAutoScalingGroup";
    static final String LAUNCH = "ec2:RunInstances";

    private Ledger() {}

    /** Share changes on {@code group} that repeat the one just before them. */
    static int repeatedShareChanges(List<CapacityCall> calls, String group) {
        String previous = null;
        int repeats = 0;
        for (CapacityCall c : calls) {
            if (c.operation().equals(SHARE_CHANGE) && c.target().equals(group)) {
                if (c.detail().equals(previous)) {
                    repeats++;
                }
                previous = c.detail();
            }
        }
        return repeats;
    }

    /** Share changes made on {@code group}, for the progress line and the "did it move at all" wait. */
    static long shareChanges(List<CapacityCall> calls, String group) {
        return calls.stream().filter(c -> c.operation().equals(SHARE_CHANGE) && c.target().equals(group)).count();
    }

    /** Replacements of the plan beyond one per handled interruption, plus instances replaced more than once. */
    static int extraReplacements(List<CapacityCall> calls, String planId, String group, int interruptionsHandled) {
        Map<String, Integer> perInstance = new HashMap<>();
        int made = 0;
        for (CapacityCall c : calls) {
            if (c.operation().equals(REPLACE_IN_GROUP) && c.detail().contains("group=" + group)) {
                perInstance.merge(c.target(), 1, Integer::sum);
                made++;
            } else if (c.operation().equals(LAUNCH) && c.target().equals(planId) && !c.detail().contains("replayed:")) {
                made++;
            }
        }
        int sameInstanceTwice = perInstance.values().stream().mapToInt(n -> n - 1).sum();
        return Math.max(Math.max(0, made - interruptionsHandled), sameInstanceTwice);
    }

    /** Launches and in-group replacements of the plan (for the table). */
    static int replacements(List<CapacityCall> calls, String planId, String group) {
        return (int) calls.stream().filter(c -> c.operation().equals(REPLACE_IN_GROUP) && c.detail().contains("group=" + group)
                || c.operation().equals(LAUNCH) && c.target().equals(planId) && !c.detail().contains("replayed:")).count();
    }
}
