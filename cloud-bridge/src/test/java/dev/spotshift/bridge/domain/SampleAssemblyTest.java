package dev.spotshift.bridge.domain;

import static dev.spotshift.bridge.domain.Fixtures.T0;
import static dev.spotshift.bridge.domain.Fixtures.groupPlan;
import static dev.spotshift.bridge.domain.Fixtures.inGroup;
import static dev.spotshift.bridge.domain.Fixtures.replacement;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.bridge.domain.MetricWindows.Window;
import dev.spotshift.bridge.domain.SampleAssembly.NoSample;
import dev.spotshift.bridge.domain.SampleAssembly.Result;
import dev.spotshift.bridge.domain.SampleAssembly.Sample;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.MetricPoint;
import dev.spotshift.cloud.MetricSeries;
import dev.spotshift.cloud.SpotPricePoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SampleAssemblyTest {

    private static final LivePlan PLAN = groupPlan("p1", "etl", T0);
    /** One hour, so costs are hourly prices. */
    private static final Window HOUR = new Window(T0, T0.plus(Duration.ofHours(1)));
    private static final Function<String, OptionalLong> ON_DEMAND = type -> switch (type) {
        case "m5.large" -> OptionalLong.of(96_000);
        case "m5a.large" -> OptionalLong.of(86_000);
        default -> OptionalLong.empty();
    };
    private static final List<SpotPricePoint> PRICES = List.of(
            new SpotPricePoint("m5.large", "us-east-1a", T0.minusSeconds(600), 30_000),
            new SpotPricePoint("m5.large", "us-east-1a", T0.plusSeconds(1200), 40_000),
            // after the window: not the price in effect over it
            new SpotPricePoint("m5.large", "us-east-1a", T0.plus(Duration.ofHours(2)), 90_000),
            new SpotPricePoint("m5a.large", "us-east-1b", T0, 25_000));

    @Test
    void costsTheGroupAndItsReplacementsAtTheirPricesAndCountsTheSpotShare() {
        // Given two spot and one on-demand instance in the group, and a spot replacement tagged with the plan
        List<InstanceInfo> capacity = List.of(inGroup("i-1", "etl", Lifecycle.SPOT), inGroup("i-2", "etl", Lifecycle.SPOT),
                inGroup("i-3", "etl", Lifecycle.ON_DEMAND), replacement("i-4", "p1"));
        // and CPU with job figures
        List<MetricSeries> series = series(List.of(40.0, 47.5), List.of(30.0, 12.0), List.of(1.0), List.of(900.0, 1100.0));

        // When the hour is assembled
        Result result = SampleAssembly.assemble(PLAN, HOUR, series, capacity, PRICES, ON_DEMAND);

        // Then: spot at the price in effect at the window's end, on-demand at list price
        SampleFigures f = ((Sample) result).figures();
        assertThat(f.planId()).isEqualTo("p1");
        assertThat(f.intervalMillis()).isEqualTo(3_600_000);
        assertThat(f.costMicros()).isEqualTo(40_000 + 40_000 + 96_000 + 25_000);
        assertThat(f.onDemandCostMicros()).isEqualTo(96_000 * 3 + 86_000);
        assertThat(f.spotPercent()).isEqualTo(75);
        assertThat(f.cpuPercent()).isEqualTo(47.5);
        assertThat(f.jobsCompleted()).isEqualTo(42);
        assertThat(f.jobsFailed()).isEqualTo(1);
        assertThat(f.meanJobMillis()).isEqualTo(1000);
    }

    @Test
    void absentJobSeriesMeanNoJobFinishedAndStillGiveASample() {
        List<MetricSeries> series = series(List.of(50.0), List.of(), List.of(), List.of());

        Result result = SampleAssembly.assemble(PLAN, HOUR, series,
                List.of(inGroup("i-3", "etl", Lifecycle.ON_DEMAND)), List.of(), ON_DEMAND);

        SampleFigures f = ((Sample) result).figures();
        assertThat(f.jobsCompleted()).isZero();
        assertThat(f.jobsFailed()).isZero();
        assertThat(f.meanJobMillis()).isZero();
        assertThat(f.spotPercent()).isZero();
        assertThat(f.costMicros()).isEqualTo(f.onDemandCostMicros()).isEqualTo(96_000);
    }

    @Test
    void noCpuDatapointMeansNoSample() {
        List<MetricSeries> series = series(List.of(), List.of(5.0), List.of(), List.of(800.0));

        Result result = SampleAssembly.assemble(PLAN, HOUR, series,
                List.of(inGroup("i-3", "etl", Lifecycle.ON_DEMAND)), List.of(), ON_DEMAND);

        assertThat(result).isInstanceOfSatisfying(NoSample.class,
                n -> assertThat(n.reason()).contains("CPUUtilization").contains("etl"));
    }

    @Test
    void jobsWithoutADurationMeanNoSampleRatherThanAZeroMillisecondMean() {
        List<MetricSeries> series = series(List.of(50.0), List.of(5.0), List.of(), List.of());

        Result result = SampleAssembly.assemble(PLAN, HOUR, series,
                List.of(inGroup("i-3", "etl", Lifecycle.ON_DEMAND)), List.of(), ON_DEMAND);

        assertThat(result).isInstanceOfSatisfying(NoSample.class,
                n -> assertThat(n.reason()).contains("JobDurationMillis"));
    }

    @Test
    void aSpotInstanceWithoutAPriceMeansNoSampleRatherThanACostAtTheWrongPrice() {
        InstanceInfo elsewhere = new InstanceInfo("i-9", "m5.large", "us-east-1f", Lifecycle.SPOT, "running",
                Map.of("aws:autoscaling:groupName", "etl"), T0);

        Result result = SampleAssembly.assemble(PLAN, HOUR, series(List.of(50.0), List.of(), List.of(), List.of()),
                List.of(elsewhere), PRICES, ON_DEMAND);

        assertThat(result).isInstanceOfSatisfying(NoSample.class,
                n -> assertThat(n.reason()).contains("no spot price").contains("us-east-1f"));
    }

    @Test
    void aGroupWithNothingRunningHasNoSample() {
        InstanceInfo stopped = new InstanceInfo("i-5", "m5.large", "us-east-1a", Lifecycle.SPOT, "terminated",
                Map.of("aws:autoscaling:groupName", "etl"), T0);

        Result result = SampleAssembly.assemble(PLAN, HOUR, series(List.of(50.0), List.of(), List.of(), List.of()),
                List.of(stopped), PRICES, ON_DEMAND);

        assertThat(result).isInstanceOfSatisfying(NoSample.class,
                n -> assertThat(n.reason()).contains("no running instance"));
    }

    @Test
    void anInstanceSeenTwiceIsCostedOnce() {
        InstanceInfo i = inGroup("i-3", "etl", Lifecycle.ON_DEMAND);

        Result result = SampleAssembly.assemble(PLAN, HOUR, series(List.of(50.0), List.of(), List.of(), List.of()),
                List.of(i, i), List.of(), ON_DEMAND);

        assertThat(((Sample) result).figures().costMicros()).isEqualTo(96_000);
    }

    @Test
    void cpuOutsideZeroToHundredIsClamped() {
        Result result = SampleAssembly.assemble(PLAN, HOUR, series(List.of(100.4), List.of(), List.of(), List.of()),
                List.of(inGroup("i-3", "etl", Lifecycle.ON_DEMAND)), List.of(), ON_DEMAND);

        assertThat(((Sample) result).figures().cpuPercent()).isEqualTo(100.0);
    }

    @Test
    void aShadowInstanceOfThePlanIsNeitherTheServingShareNorTheServingCost() {
        // Given an all on-demand group and the plan's shadow spot instance beside it
        List<InstanceInfo> capacity = List.of(inGroup("i-3", "etl", Lifecycle.ON_DEMAND), shadowInstance("i-s1"));

        // When the serving hour is assembled
        Result result = SampleAssembly.assemble(PLAN, HOUR, series(List.of(50.0), List.of(10.0), List.of(), List.of(900.0)),
                capacity, PRICES, ON_DEMAND);

        // Then it is the group's alone: no spot, on-demand cost, no inconsistency, not a shadow sample
        SampleFigures f = ((Sample) result).figures();
        assertThat(f.spotPercent()).isZero();
        assertThat(f.costMicros()).isEqualTo(f.onDemandCostMicros()).isEqualTo(96_000);
        assertThat(f.shadow()).isFalse();
        assertThat(f.dataInconsistencies()).isZero();
    }

    @Test
    void theShadowRunIsSampledFromItsOwnSeriesAndInstancesWithTheMismatchesTheWorkloadCounted() {
        // Given the group and the plan's shadow spot instance, and the shadow run's series with two mismatches
        List<InstanceInfo> capacity = List.of(inGroup("i-3", "etl", Lifecycle.ON_DEMAND), shadowInstance("i-s1"));
        List<MetricSeries> shadow = new ArrayList<>(series(List.of(62.0), List.of(10.0, 10.0), List.of(1.0),
                List.of(1000.0, 1100.0)));
        shadow.add(of(WorkloadMetricsConvention.MISMATCHES_ID, List.of(1.0, 1.0)));

        // When the shadow hour is assembled
        Result result = SampleAssembly.assembleShadow(PLAN, HOUR, shadow, capacity, PRICES, ON_DEMAND);

        // Then it is a shadow sample of the shadow instance alone, at its spot price, with two inconsistencies
        SampleFigures f = ((Sample) result).figures();
        assertThat(f.shadow()).isTrue();
        assertThat(f.dataInconsistencies()).isEqualTo(2);
        assertThat(f.jobsCompleted()).isEqualTo(20);
        assertThat(f.jobsFailed()).isEqualTo(1);
        assertThat(f.meanJobMillis()).isEqualTo(1050);
        assertThat(f.cpuPercent()).isEqualTo(62.0);
        assertThat(f.spotPercent()).isEqualTo(100);
        assertThat(f.costMicros()).isEqualTo(40_000);
        assertThat(f.onDemandCostMicros()).isEqualTo(96_000);
    }

    @Test
    void aShadowRunWithoutItsOwnCpuFigureHasNoSampleRatherThanTheGroupsCpu() {
        Result result = SampleAssembly.assembleShadow(PLAN, HOUR, series(List.of(), List.of(5.0), List.of(),
                List.of(800.0)), List.of(shadowInstance("i-s1")), PRICES, ON_DEMAND);

        assertThat(result).isInstanceOfSatisfying(NoSample.class,
                n -> assertThat(n.reason()).contains("CPUUtilization").contains("shadow run"));
    }

    private static InstanceInfo shadowInstance(String id) {
        return new InstanceInfo(id, "m5.large", "us-east-1a", Lifecycle.SPOT, "running",
                Map.of(dev.spotshift.cloud.CapacityManager.OWNER_TAG, "p1", dev.spotshift.cloud.ShadowCapacity.ROLE_TAG,
                        dev.spotshift.cloud.ShadowCapacity.SHADOW_ROLE), T0);
    }

    private static List<MetricSeries> series(List<Double> cpu, List<Double> completed, List<Double> failed,
                                             List<Double> durations) {
        List<MetricSeries> out = new ArrayList<>();
        out.add(of(WorkloadMetricsConvention.CPU_ID, cpu));
        out.add(of(WorkloadMetricsConvention.COMPLETED_ID, completed));
        out.add(of(WorkloadMetricsConvention.FAILED_ID, failed));
        out.add(of(WorkloadMetricsConvention.DURATION_ID, durations));
        return out;
    }

    private static MetricSeries of(String id, List<Double> values) {
        List<MetricPoint> points = new ArrayList<>();
        for (int n = 0; n < values.size(); n++) {
            points.add(new MetricPoint(T0.plusSeconds(60L * n), values.get(n)));
        }
        return new MetricSeries(id, id, points, true);
    }
}
