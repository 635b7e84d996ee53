package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReaperTest {

    private static final Instant NOW = RolloutScenario.T0.plusSeconds(3_600);
    private static final Instant OLD = NOW.minusSeconds(600);

    private static Reaper.Owned spot(String id, String plan, Instant launched) {
        return new Reaper.Owned(id, plan, true, "m5a.large", "us-east-1b", launched);
    }

    private static RolloutState in(Stage stage) {
        RolloutState s = RolloutState.initial(Plans.pilot(), "decision", RolloutScenario.T0);
        RolloutState.Builder b = s.toBuilder();
        b.stage = stage;
        return b.build();
    }

    @Test
    void spotCapacityOfUnknownOrFinishedPlansIsOrphanedAndOfActivePlansIsNot() {
        // Given tagged spot instances of an active, a rolled-back, a completed and an unknown plan
        Map<String, RolloutState> plans = Map.of("active", in(Stage.SHIFTING), "rolled", in(Stage.ROLLED_BACK),
                "done", in(Stage.COMPLETED));
        List<Reaper.Owned> owned = List.of(spot("i-a", "active", OLD), spot("i-r", "rolled", OLD),
                spot("i-d", "done", OLD), spot("i-u", "gone", OLD));

        // When the reaper judges them
        List<Reaper.Orphan> orphans = Reaper.orphans(owned, plans::get, id -> true, NOW, 300_000);

        // Then all but the active plan's are orphans, the unknown one without a plan
        assertThat(orphans).extracting(o -> o.instance().instanceId()).containsExactly("i-r", "i-d", "i-u");
        assertThat(orphans.get(2).plan()).isNull();
    }

    @Test
    void youngAndOtherPartitionsInstancesAreLeftAloneAndAnOnDemandOrphanIsNot() {
        // Given an on-demand instance of a gone plan, a spot one launched a moment ago, and one whose plan another
        // instance owns
        List<Reaper.Owned> owned = List.of(new Reaper.Owned("i-od", "gone", false, "m5.large", "us-east-1a", OLD),
                spot("i-young", "gone", NOW.minusSeconds(10)), spot("i-theirs", "elsewhere", OLD));

        // When the reaper judges them
        List<Reaper.Orphan> orphans = Reaper.orphans(owned, id -> null, id -> !id.equals("elsewhere"), NOW, 300_000);

        // Then only the on-demand one is an orphan: what Spotshift launched costs money whatever its lifecycle
        assertThat(orphans).extracting(o -> o.instance().instanceId()).containsExactly("i-od");
    }
}
