package dev.spotshift.audit;

import dev.spotshift.audit.Finding.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The monitor is the one writer of migration-status; its latest record must say what the events
 * say. Savings are not compared: the monitor adds them up from metric samples the audit may not keep.
 */
final class StatusCheck {

    private StatusCheck() {}

    static Optional<Finding> check(PlanHistory history, StatusSnapshot replayed) {
        if (history.bounded()) {
            return Optional.empty(); // a window of the history need not add up to the latest status
        }
        if (history.liveStatus().isEmpty()) {
            return Optional.of(new Finding(Rule.STATUS_MISSING, history.planId(), null,
                    "migration-status holds no record for plan " + history.planId() + "; the events say "
                            + replayed.stage() + " at " + replayed.spotPercent() + " % spot"));
        }
        StatusSnapshot live = history.liveStatus().get();
        List<String> diffs = new ArrayList<>();
        diff(diffs, "stage", replayed.stage(), live.stage());
        diff(diffs, "spot share", replayed.spotPercent(), live.spotPercent());
        diff(diffs, "rollbacks", replayed.rollbacks(), live.rollbacks());
        diff(diffs, "interruptions handled", replayed.interruptionsHandled(), live.interruptionsHandled());
        if (diffs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(Rule.STATUS_MISMATCH, history.planId(), live.lastEventId(),
                "migration-status disagrees with the replayed events: " + String.join("; ", diffs)));
    }

    private static void diff(List<String> diffs, String what, Object replayed, Object live) {
        if (!Objects.equals(replayed, live)) {
            diffs.add(what + " replayed " + replayed + " but live " + live);
        }
    }
}
