package dev.spotshift.simulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadModelTest {

    static final Instant T0 = Instant.parse("2025-01-01T02:00:00Z");
    /** On-demand $0.096/h, spot at 35 % of it: the shape of the simulated market. */
    static final PriceBook PRICES = new PriceBook() {
        @Override
        public long onDemandMicros(String region, String type) { return 96_000; }

        @Override
        public long spotMicros(String region, String type, Iterable<String> zones, Instant at) { return 33_600; }
    };

    static PlanWorld world() {
        return new PlanWorld("plan-1", "us-east-1", List.of("us-east-1a", "us-east-1b"),
                List.of("m5.large", "m5a.large"), "m5.large", 4);
    }

    static WorkloadModel model(Scenario s) {
        return new WorkloadModel(s, 7, PRICES, Duration.ofSeconds(1));
    }

    @Test
    void costsWhatOnDemandCostsWhileNothingIsOnSpot() {
        Tick t = model(Scenario.HAPPY).next(world(), T0);
        assertThat(t.sample().costMicros()).isEqualTo(t.sample().onDemandCostMicros()).isEqualTo(107);
        assertThat(t.sample().jobsFailed()).isZero();
        assertThat(t.warnings()).isEmpty();
    }

    @Test
    void savesInProportionToTheSpotShare() {
        // Given half of the workload on spot at 35 % of the on-demand price
        PlanWorld w = world();
        w.spotShare(50);
        // When a sample is taken
        Tick.Sample s = model(Scenario.HAPPY).next(w, T0).sample();
        // Then it costs (0.5 x 0.35 + 0.5) of on-demand
        assertThat(s.spotPercent()).isEqualTo(50);
        assertThat((double) s.costMicros() / s.onDemandCostMicros()).isCloseTo(0.675, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aShareFailedOverToTheBackupRegionIsPricedAsSpotWhileThePrimaryIsOnDemand() {
        // Given the primary back at 0 % and half of the workload on spot in the backup region's group
        PlanWorld w = world();
        w.spotShare(0);
        w.backupShare(50);
        // When a sample is taken
        Tick.Sample s = model(Scenario.HAPPY).next(w, T0).sample();
        // Then it saves as half on spot does, and the primary's share stays 0 %
        assertThat(s.spotPercent()).isZero();
        assertThat((double) s.costMicros() / s.onDemandCostMicros()).isCloseTo(0.675, org.assertj.core.data.Offset.offset(0.01));
        // And once the share leaves the backup, it costs on-demand again
        w.backupShare(0);
        Tick.Sample after = model(Scenario.HAPPY).next(w, T0).sample();
        assertThat(after.costMicros()).isEqualTo(after.onDemandCostMicros());
    }

    @Test
    void keepsJobTimeWithinTheGateOnTheHappyPath() {
        PlanWorld w = world();
        WorkloadModel m = model(Scenario.HAPPY);
        for (int i = 0; i < 200; i++) {
            w.spotShare(i / 2);
            Tick.Sample s = m.next(w, T0.plusSeconds(i)).sample();
            assertThat(s.meanJobMillis()).isBetween(41_500L, 42_500L);
            assertThat(s.jobsFailed()).isZero();
        }
    }

    @Test
    void failsJobsOnceTheErrorSpikesShareIsReached() {
        PlanWorld w = world();
        WorkloadModel m = model(Scenario.ERROR_SPIKE);
        w.spotShare(25);
        assertThat(m.next(w, T0).sample().jobsFailed()).isZero();
        w.spotShare(50);
        assertThat(m.next(w, T0.plusSeconds(1)).sample().jobsFailed()).isEqualTo(3);
    }

    @Test
    void warnsOnceWithTheTwoMinuteDeadlineWhenTheInterruptionShareIsReached() {
        PlanWorld w = world();
        WorkloadModel m = model(Scenario.INTERRUPTION);
        w.spotShare(50);
        Tick first = m.next(w, T0);
        Tick second = m.next(w, T0.plusSeconds(1));
        assertThat(first.warnings()).singleElement().satisfies(x -> {
            assertThat(x.deadline()).isEqualTo(T0.plusSeconds(120));
            assertThat(x.instanceId()).matches("i-0[0-9a-f]{16}");
        });
        assertThat(second.warnings()).isEmpty();
    }

    @Test
    void sendsAStormOfWarningsForDifferentInstances() {
        PlanWorld w = world();
        WorkloadModel m = model(Scenario.INTERRUPTION_STORM);
        w.spotShare(50);
        List<Tick.Warning> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.addAll(m.next(w, T0.plusSeconds(i)).warnings());
        }
        assertThat(all).hasSize(4);
        assertThat(all).extracting(Tick.Warning::instanceId).doesNotHaveDuplicates();
    }

    @Test
    void aRegionStormPutsAtLeastTwoWarningsInAPoolOfEveryTypeOfThePlan() {
        PlanWorld w = world();
        WorkloadModel m = model(Scenario.REGION_STORM);
        w.spotShare(50);
        List<Tick.Warning> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.addAll(m.next(w, T0.plusSeconds(i)).warnings());
        }
        java.util.Map<String, Long> perPool = all.stream().collect(java.util.stream.Collectors.groupingBy(
                x -> x.instanceType() + "/" + x.availabilityZone(), java.util.stream.Collectors.counting()));
        for (String type : w.spotTypes()) {
            assertThat(perPool).as("warnings per pool").anySatisfy((pool, n) -> {
                assertThat(pool).startsWith(type + "/");
                assertThat(n).isGreaterThanOrEqualTo(2);
            });
        }
        assertThat(all).extracting(Tick.Warning::instanceId).doesNotHaveDuplicates();
    }

    @Test
    void raisesTheSpotPriceAfterThePriceSpikeButNeverAboveOnDemand() {
        PlanWorld w = world();
        WorkloadModel m = model(Scenario.PRICE_SPIKE);
        w.spotShare(25);
        long before = m.next(w, T0).sample().costMicros();
        w.spotShare(50);
        Tick.Sample after = m.next(w, T0.plusSeconds(1)).sample();
        // 0.35 x 2.2 = 0.77 of on-demand: half the capacity saves only 23 % of its on-demand price
        double efficiency = 100.0 * (after.onDemandCostMicros() - after.costMicros()) / (0.5 * after.onDemandCostMicros());
        assertThat(efficiency).isLessThan(40.0);
        assertThat(before).isLessThan(after.onDemandCostMicros());
        assertThat(m.spotHourly(w, T0, 96_000)).isLessThanOrEqualTo(96_000);
    }

    @Test
    void aSpikeThatPassesIsOverAWhileAfterThePlanStepsBack() {
        PlanWorld w = world();
        WorkloadModel m = model(Scenario.PRICE_SPIKE_PASSES);
        // Given the spike on at 50 %
        w.spotShare(50, T0);
        long spiked = m.spotHourly(w, T0, 96_000);
        // When the plan steps back to 25 %
        w.spotShare(25, T0.plusSeconds(10));
        // Then the spike lasts 5 s more, and is over after that for good, at 50 % again too
        assertThat(m.spotHourly(w, T0.plusSeconds(14), 96_000)).isEqualTo(spiked);
        long calm = m.spotHourly(w, T0.plusSeconds(15), 96_000);
        assertThat(calm).isLessThan(spiked / 2);
        w.spotShare(50, T0.plusSeconds(40));
        assertThat(m.spotHourly(w, T0.plusSeconds(40), 96_000)).isLessThan(spiked / 2);
    }

    @Test
    void thinSavingsEndAtFortyFivePercentOnceAllIsOnSpot() {
        PlanWorld w = world();
        WorkloadModel m = model(Scenario.THIN_SAVINGS);
        // Given the market's price before the last step
        w.spotShare(75);
        Tick.Sample before = m.next(w, T0).sample();
        assertThat(100.0 * (before.onDemandCostMicros() - before.costMicros()) / before.onDemandCostMicros()).isGreaterThan(45.0);
        // When the plan is all on spot, spot costs 55 % of on-demand whatever the market says
        w.spotShare(100);
        Tick.Sample after = m.next(w, T0.plusSeconds(1)).sample();
        assertThat(100.0 * (after.onDemandCostMicros() - after.costMicros()) / after.onDemandCostMicros())
                .isCloseTo(45.0, org.assertj.core.data.Offset.offset(0.5)); // micro-USD rounding of one second
    }

    @Test
    void givesTheSameSamplesForTheSameSeed() {
        PlanWorld a = world();
        PlanWorld b = new PlanWorld("another-plan", "us-east-1", List.of("us-east-1a"), List.of("m5.large"), "m5.large", 4);
        WorkloadModel m = model(Scenario.HAPPY);
        for (int i = 0; i < 20; i++) {
            assertThat(m.next(a, T0.plusSeconds(i)).sample()).isEqualTo(m.next(b, T0.plusSeconds(i)).sample());
        }
    }

    @Test
    void findsBuiltInScenariosByNameAndStormByItsShortName() {
        assertThat(Scenario.named("storm")).contains(Scenario.INTERRUPTION_STORM);
        assertThat(Scenario.named("Error-Spike")).contains(Scenario.ERROR_SPIKE);
        assertThat(Scenario.named("nope")).isEmpty();
    }

    @Test
    void givenAShadowRunWhenOutputsAgreeThenEveryJobIsComparedAndNoneDiffers() {
        PlanWorld w = world();
        w.shadowing(true);
        Tick t = model(Scenario.HAPPY).next(w, T0);
        assertThat(t.shadow()).isNotNull();
        assertThat(t.shadow().sample().jobsCompleted()).isEqualTo(t.sample().jobsCompleted()).isPositive();
        assertThat(t.shadow().sample().spotPercent()).isEqualTo(100);
        assertThat(t.shadow().sample().costMicros()).isLessThan(t.shadow().sample().onDemandCostMicros());
        assertThat(t.shadow().mismatches()).isEmpty();
    }

    @Test
    void givenTheMismatchScenarioWhenTheShadowRunsThenTheFirstJobDiffersWithBothChecksums() {
        PlanWorld w = world();
        w.shadowing(true);
        WorkloadModel m = model(Scenario.SHADOW_MISMATCH);
        Tick first = m.next(w, T0);
        assertThat(first.shadow().mismatches()).singleElement().satisfies(x -> {
            assertThat(x.jobId()).isEqualTo("plan-1/job-0");
            assertThat(x.spotChecksum()).hasSize(64).isNotEqualTo(x.onDemandChecksum());
            assertThat(x.onDemandChecksum()).hasSize(64);
        });
        // Only that job: later shadow samples agree
        assertThat(m.next(w, T0.plusSeconds(1)).shadow().mismatches()).isEmpty();
    }

    @Test
    void givenNoShadowPhaseWhenSampledThenNoShadowRunIsReported() {
        assertThat(model(Scenario.SHADOW_MISMATCH).next(world(), T0).shadow()).isNull();
    }

    @Test
    void givenTheSlowShadowScenarioWhenTheShadowRunsThenItsJobsTakeTenPercentLongerThanTheServingOnes() {
        PlanWorld w = world();
        w.shadowing(true);
        Tick t = model(Scenario.SHADOW_SLOW).next(w, T0);
        assertThat(t.shadow().sample().meanJobMillis()).isEqualTo(Math.round(t.sample().meanJobMillis() * 1.10));
        assertThat(t.shadow().mismatches()).isEmpty();
        assertThat(model(Scenario.HAPPY).next(world(), T0).sample().meanJobMillis())
                .as("serving jobs are not slowed").isEqualTo(t.sample().meanJobMillis());
    }
}
