package dev.spotshift.bridge;
import dev.spotshift.bridge.config.BridgeConfig;

import dev.spotshift.bridge.domain.LivePlan;
import dev.spotshift.bridge.domain.MetricWindows;
import dev.spotshift.bridge.domain.MetricWindows.Window;
import dev.spotshift.bridge.domain.SampleAssembly;
import dev.spotshift.bridge.domain.WorkloadMetricsConvention;
import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.MetricSeries;
import dev.spotshift.cloud.SpotPricePoint;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * CloudWatch (and EC2 for capacity and prices) -> workload-metrics: one MetricSample per live plan on an Auto
 * Scaling group per interval. The scheduler looks often; {@link MetricWindows} says which interval is due.
 */
@ApplicationScoped
public class MetricsBridge {

    private static final Logger LOG = Logger.getLogger(MetricsBridge.class);

    private final Cloud cloud;
    private final PlanDirectory directory;
    private final Publisher publisher;
    private final BridgeMetrics metrics;
    private final BridgeConfig config;
    private final MetricWindows windows;
    /** The last reason each plan had no sample, so a lasting gap is logged at info once, not every interval. */
    private final Map<String, String> lastGap = new ConcurrentHashMap<>();
    /**
     * Per plan, where its last published shadow sample ended: the next one names the mismatches recorded since
     * (ShadowNames). Lost at a restart, so the first shadow sample after one reads from the plan's approval again.
     */
    private final Map<String, Instant> shadowNamedUpTo = new ConcurrentHashMap<>();
    private volatile Instant heartbeat = Instant.now();

    public MetricsBridge(Cloud cloud, PlanDirectory directory, Publisher publisher, BridgeMetrics metrics,
                         BridgeConfig config) {
        this.cloud = cloud;
        this.directory = directory;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.windows = new MetricWindows(config.metrics().interval(), config.metrics().settle());
    }

    void check(@Observes StartupEvent event) {
        long seconds = config.metrics().interval().toSeconds();
        // CloudWatch periods: multiples of 60 s, or 1, 5, 10, 30 s for high-resolution metrics (StorageResolution 1,
        // as the demo's workload puts them; EC2's own CPUUtilization is never finer than 60 s on a real account).
        boolean period = seconds >= 1 && (seconds % 60 == 0 || java.util.Set.of(1L, 5L, 10L, 30L).contains(seconds))
                && config.metrics().interval().toMillis() % 1000 == 0;
        if (config.metrics().enabled() && "aws".equals(cloud.kind()) && !period) {
            throw new IllegalStateException("spotshift.bridge.metrics.interval must be a CloudWatch period on AWS "
                    + "(a multiple of 60 s, or 1, 5, 10 or 30 s for high-resolution metrics), not "
                    + config.metrics().interval());
        }
    }

    Instant heartbeat() {
        return heartbeat;
    }

    @Scheduled(every = "${spotshift.bridge.metrics.check-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sampleDuePlans() {
        heartbeat = Instant.now();
        if (!config.metrics().enabled() || !directory.caughtUp()) {
            return;
        }
        Instant now = cloud.clock().instant();
        Map<String, List<InstanceInfo>> ownedByRegion = new HashMap<>();
        List<LivePlan> live = directory.plans().withGroup();
        for (LivePlan plan : live) {
            windows.due(plan.planId(), now).ifPresent(window -> sample(plan, window, ownedByRegion));
        }
        shadowNamedUpTo.keySet().retainAll(live.stream().map(LivePlan::planId).toList());
    }

    private void sample(LivePlan plan, Window window, Map<String, List<InstanceInfo>> ownedByRegion) {
        Assembled assembled;
        try {
            assembled = assemble(plan, window, ownedByRegion);
        } catch (CloudException e) {
            metrics.pollFailure(e.operation().startsWith("cloudwatch") ? "cloudwatch"
                    : e.operation().startsWith("s3") ? "s3" : "ec2");
            LOG.warnf("no sample for plan %s this time (tried again next check): %s", plan.planId(), e.getMessage());
            return;
        }
        if (!publish(plan, plan.planId(), assembled.serving())) {
            return;
        }
        // The shadow sample is not tried again once the serving one is out: a retry would publish that one twice.
        if (assembled.shadow() != null && publish(plan, plan.planId() + "/shadow", assembled.shadow())
                && assembled.shadow() instanceof SampleAssembly.Sample) {
            shadowNamedUpTo.put(plan.planId(), window.to());
        }
        windows.done(plan.planId(), window);
    }

    /** False only when the broker did not acknowledge a sample (tried again next check); a gap is handled. */
    private boolean publish(LivePlan plan, String gapKey, SampleAssembly.Result result) {
        if (result instanceof SampleAssembly.NoSample gap) {
            metrics.sample("skipped");
            if (!gap.reason().equals(lastGap.put(gapKey, gap.reason()))) {
                LOG.infof("no sample for plan %s: %s", plan.planId(), gap.reason());
            }
            return true;
        }
        SampleAssembly.Sample sample = (SampleAssembly.Sample) result;
        try {
            publisher.sample(plan, sample.figures());
        } catch (Exception e) {
            metrics.pollFailure("kafka");
            LOG.warnf("sample of plan %s not acknowledged (tried again next check): %s", plan.planId(), e);
            return false;
        }
        lastGap.remove(gapKey);
        metrics.sample("published");
        return true;
    }

    /** The serving sample, and the shadow run's while the plan has shadow capacity running (else null). */
    private record Assembled(SampleAssembly.Result serving, SampleAssembly.Result shadow) {
    }

    private Assembled assemble(LivePlan plan, Window window, Map<String, List<InstanceInfo>> ownedByRegion) {
        String region = plan.region();
        GroupState group = cloud.capacity().describeGroup(region, plan.groupName());
        List<InstanceInfo> capacity = new ArrayList<>(group.instances());
        // Replacements and shadow capacity the executor launched outside the group are the plan's too.
        ownedByRegion.computeIfAbsent(region, r -> cloud.capacity().ownedInstances(r)).stream()
                .filter(i -> plan.planId().equals(i.tags().get(CapacityManager.OWNER_TAG)))
                .forEach(capacity::add);
        List<String> spotTypes = capacity.stream().filter(i -> i.isActive() && i.lifecycle() == Lifecycle.SPOT)
                .map(InstanceInfo::instanceType).distinct().sorted().toList();
        List<SpotPricePoint> prices = spotTypes.isEmpty() ? List.of()
                : cloud.market().spotPriceHistory(region, spotTypes, window.from(), window.to());
        List<MetricSeries> series = cloud.metrics().read(region,
                WorkloadMetricsConvention.queries(plan.groupName(), window.length()), window.from(), window.to());
        SampleAssembly.Result serving = SampleAssembly.assemble(plan, window, series, capacity, prices,
                type -> onDemand(region, type));
        // Only a plan with shadow capacity running is asked for shadow figures: no extra reads for the others.
        if (capacity.stream().noneMatch(i -> i.isActive() && SampleAssembly.isShadow(i))) {
            return new Assembled(serving, null);
        }
        List<MetricSeries> shadowSeries = cloud.metrics().read(region,
                WorkloadMetricsConvention.shadowQueries(plan.groupName(), window.length()), window.from(), window.to());
        SampleAssembly.Result shadow = SampleAssembly.assembleShadow(plan, window, shadowSeries, capacity, prices,
                type -> onDemand(region, type));
        Instant namedFrom = shadowNamedUpTo.getOrDefault(plan.planId(), plan.approvedAt());
        return new Assembled(serving, ShadowNames.named(cloud.checkpoints(), plan, namedFrom, window.to(), shadow));
    }

    private OptionalLong onDemand(String region, String type) {
        try {
            return OptionalLong.of(cloud.market().onDemandPriceMicros(region, type));
        } catch (CloudException e) {
            if (e.kind() == CloudException.Kind.NOT_FOUND) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }
}
