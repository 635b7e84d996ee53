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
    void givenShadowCapacityOfALivePlanWhenJudgedThenItIsAnOrphanOnlyOutsideThePlansShadowPhase() {
        // Given shadow instances of a plan in its shadow run, of one shifting and of one held, and a serving
        // replacement of the shifting plan
        Map<String, RolloutState> plans = Map.of("shadowing", in(Stage.SHADOW), "shifting", in(Stage.SHIFTING),
                "held", in(Stage.PAUSED));
        List<Reaper.Owned> owned = List.of(shadow("i-s1", "shadowing"), shadow("i-s2", "shifting"),
                shadow("i-s3", "held"), spot("i-r", "shifting", OLD));

        // When the reaper judges them
        List<Reaper.Orphan> orphans = Reaper.orphans(owned, plans::get, id -> true, NOW, 300_000);

        // Then the shadow capacity of the plans past their shadow phase is orphaned, saying so, and nothing else
        assertThat(orphans).extracting(o -> o.instance().instanceId()).containsExactly("i-s2", "i-s3");
        assertThat(orphans.get(0).reason()).isEqualTo("shadow capacity of plan shifting outside its shadow phase (SHIFTING)");
    }

    private static Reaper.Owned shadow(String id, String plan) {
        return new Reaper.Owned(id, plan, true, "m5.large", "us-east-1a", OLD, true);
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

    @Test
    void anOrphanIsOrderedTerminatedOnceAndItsAnswerAppliesOnce() {
        // Given an orphan of an unknown plan, seen for the first time
        Reaper.Owned orphan = spot("i-u", "gone", OLD);
        Reaper.Judgement first = Reaper.seen(orphan, null, null, true, NOW, 300_000, false);
        assertThat(first.act()).isEqualTo(Reaper.Act.TERMINATE);

        // When it is seen again before the answer, then the answer arrives twice
        Reaper.Judgement again = Reaper.seen(orphan, first.after(), null, true, NOW.plusSeconds(60), 300_000, false);
        Reaper.Answer answer = Reaper.answered(again.after(), first.after().commandId(), true, "terminated",
                NOW.plusSeconds(61));
        Reaper.Answer copy = Reaper.answered(answer.after(), first.after().commandId(), true, "terminated",
                NOW.plusSeconds(62));

        // Then one order, one applied answer, the copy ignored with why
        assertThat(again.act()).isEqualTo(Reaper.Act.NONE);
        assertThat(answer.applied()).isTrue();
        assertThat(answer.after().status()).isEqualTo(Reaping.Status.TERMINATED);
        assertThat(copy.applied()).isFalse();
        assertThat(Reaper.stillRunning(answer.after(), NOW.plusSeconds(62), 60_000)).isFalse();
    }

    @Test
    void aFailedTerminationIsOrderedAgainUnderANewIdAndDryRunOnlyReportsOnce() {
        // Given an orphan whose termination failed
        Reaper.Owned orphan = spot("i-u", "gone", OLD);
        Reaper.Judgement first = Reaper.seen(orphan, null, null, true, NOW, 300_000, false);
        Reaper.Answer failed = Reaper.answered(first.after(), first.after().commandId(), false, "denied", NOW);

        // When it is seen again; and another orphan is seen twice in dry-run
        Reaper.Judgement retry = Reaper.seen(orphan, failed.after(), null, true, NOW.plusSeconds(60), 300_000, false);
        Reaper.Judgement report = Reaper.seen(spot("i-d", "gone", OLD), null, null, true, NOW, 300_000, true);
        Reaper.Judgement reportAgain = Reaper.seen(spot("i-d", "gone", OLD), report.after(), null, true,
                NOW.plusSeconds(60), 300_000, true);

        // Then the retry is a new order, and dry-run reported once
        assertThat(failed.announcedReason()).contains("termination failed: denied");
        assertThat(retry.act()).isEqualTo(Reaper.Act.TERMINATE);
        assertThat(retry.after().commandId()).isNotEqualTo(first.after().commandId());
        assertThat(report.act()).isEqualTo(Reaper.Act.REPORT);
        assertThat(reportAgain.act()).isEqualTo(Reaper.Act.NONE);
        assertThat(Reaper.stillRunning(reportAgain.after(), NOW.plusSeconds(60), 60_000)).isTrue();
    }
}
