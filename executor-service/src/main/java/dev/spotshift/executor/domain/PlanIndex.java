package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the punctuator needs to know of every plan of one task, kept in memory beside the state store so that a
 * tick touches only the plans it has to act on instead of decoding every stored state: each live plan's next due
 * timer (ordered by due time), which live plans last saw the kill switch engaged and which released, and how many
 * plans are in each stage.
 * <p>
 * It is derived data: {@link #rebuild} fills it from the store, and {@link #put} must follow every write of the
 * store, so that it always says what a scan of the store would say. Terminal plans only count in the stages: the
 * machine never changes them again.
 */
public final class PlanIndex {

    /** What the index keeps of one stored state. */
    private record Entry(Stage stage, Instant dueAt, boolean killSwitchEngaged) {

        static Entry of(RolloutState state) {
            return new Entry(state.stage(), state.nextDueAt().orElse(null), state.killSwitchEngaged());
        }

        boolean live() {
            return !stage.terminal();
        }
    }

    private record Due(Instant at, String planId) {}

    private static final Comparator<Due> BY_TIME = Comparator.comparing(Due::at).thenComparing(Due::planId);

    private final Map<String, Entry> plans = new HashMap<>();
    private final NavigableSet<Due> timers = new TreeSet<>(BY_TIME);
    /** Live plans by the kill switch state they last followed. */
    private final Set<String> liveEngaged = new HashSet<>();
    private final Set<String> liveReleased = new HashSet<>();
    private final EnumMap<Stage, Long> stages = new EnumMap<>(Stage.class);

    /** Forgets everything and indexes what {@code store} hands to its argument: every (planId, state) it holds. */
    public void rebuild(Consumer<BiConsumer<String, RolloutState>> store) {
        plans.clear();
        timers.clear();
        liveEngaged.clear();
        liveReleased.clear();
        stages.clear();
        store.accept(this::put);
    }

    /** The plan's state as just written to the store (a {@code null} state is not stored, and changes nothing). */
    public void put(String planId, RolloutState state) {
        if (state == null) {
            return;
        }
        Entry before = plans.put(planId, Entry.of(state));
        if (before != null) {
            unindex(planId, before);
        }
        index(planId, plans.get(planId));
    }

    private void index(String planId, Entry e) {
        stages.merge(e.stage(), 1L, Long::sum);
        if (!e.live()) {
            return;
        }
        if (e.dueAt() != null) {
            timers.add(new Due(e.dueAt(), planId));
        }
        (e.killSwitchEngaged() ? liveEngaged : liveReleased).add(planId);
    }

    private void unindex(String planId, Entry e) {
        stages.computeIfPresent(e.stage(), (stage, n) -> n == 1 ? null : n - 1);
        if (!e.live()) {
            return;
        }
        if (e.dueAt() != null) {
            timers.remove(new Due(e.dueAt(), planId));
        }
        (e.killSwitchEngaged() ? liveEngaged : liveReleased).remove(planId);
    }

    /**
     * The live plans the punctuator must run now: those whose earliest timer is due by {@code now}, and those that
     * have not yet followed the kill switch as it is ({@code engaged}). In key order, as a scan of the store yields
     * them.
     */
    public List<String> due(Instant now, boolean engaged) {
        TreeSet<String> due = new TreeSet<>(engaged ? liveReleased : liveEngaged);
        for (Due d : timers) {
            if (d.at().isAfter(now)) {
                break;
            }
            due.add(d.planId());
        }
        return List.copyOf(due);
    }

    /** Plans per stage, terminal ones included; stages without plans are absent. */
    public Map<Stage, Long> stages() {
        return new EnumMap<>(stages);
    }

    public int size() {
        return plans.size();
    }
}
