package dev.spotshift.cli;

import dev.spotshift.events.MigrationStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which status updates are steps of the story (a new timeline line) and which only move
 * the numbers (savings, events seen), so a watch shows a timeline rather than a scroll of noise.
 */
public final class Timeline {

    // Reasons are not part of the key: they are printed under a line when they change to something.
    private record Key(Object stage, int spot, int step, String verdict, int rollbacks, int interruptions) {
        static Key of(MigrationStatus s) {
            return new Key(s.getStage(), s.getSpotPercent(), s.getStepIndex(), s.getLastVerdict(), s.getRollbacks(),
                    s.getInterruptionsHandled());
        }
    }

    private final Map<String, Key> last = new HashMap<>();

    /** True when this update changes what the migration is doing, not only its running totals. */
    public boolean isNewStep(MigrationStatus s) {
        Key now = Key.of(s);
        Key before = last.put(s.getPlanId(), now);
        return !Objects.equals(before, now);
    }

    /** True when the reasons changed to something non-empty: printed once, under the line. */
    public static boolean reasonsChanged(MigrationStatus before, MigrationStatus now) {
        return !now.getReasons().isEmpty() && (before == null || !before.getReasons().equals(now.getReasons()));
    }
}
