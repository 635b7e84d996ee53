package dev.spotshift.analyzer.domain;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.events.CandidateScore;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.Reason;
import dev.spotshift.events.SpotConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds which Auto Scaling groups of a region could run on spot and what that would save. A group
 * is judged on the instance types it already allows, with the seed market criteria; tags on its
 * instances can rule it out ({@value #STATEFUL_TAG}=true, {@value #REAL_TIME_TAG}=true,
 * {@value #TOLERANT_TAG}=false), because only the owners know those facts.
 */
public final class FleetDiscovery {

    public static final String STATEFUL_TAG = "spotshift:stateful";
    public static final String REAL_TIME_TAG = "spotshift:real-time";
    public static final String TOLERANT_TAG = "spotshift:interruption-tolerant";

    private final Clock clock;

    public FleetDiscovery(Clock clock) {
        this.clock = clock;
    }

    /** Every instance type the groups use or allow, so the adapter can fetch their markets in one go. */
    public static Set<String> typesOf(List<GroupState> groups) {
        Set<String> types = new LinkedHashSet<>();
        for (GroupState g : groups) {
            types.addAll(g.instanceTypes());
            g.instances().forEach(i -> types.add(i.instanceType()));
        }
        return types;
    }

    public FleetReport report(String region, List<GroupState> groups, Map<String, String> tagFilter,
                              Function<String, TypeMarket> market, String marketSource) {
        Instant now = clock.instant();
        MarketCriteria criteria = MarketCriteria.newBuilder().build();
        List<FleetReport.GroupFinding> findings = new ArrayList<>();
        int instances = 0;
        for (GroupState g : groups) {
            if (!matches(g, tagFilter)) {
                continue;
            }
            instances += g.instances().stream().filter(InstanceInfo::isActive).count();
            findings.add(judge(g, criteria, market, now));
        }
        findings.sort(Comparator.comparing(FleetReport.GroupFinding::candidate).reversed()
                .thenComparing(Comparator.comparingLong(FleetReport.GroupFinding::monthlySavingsMicros).reversed())
                .thenComparing(FleetReport.GroupFinding::groupName));
        long total = findings.stream().filter(FleetReport.GroupFinding::candidate).mapToLong(FleetReport.GroupFinding::monthlySavingsMicros).sum();
        int opportunities = (int) findings.stream().filter(FleetReport.GroupFinding::candidate).count();
        return new FleetReport(region, marketSource, findings.size(), instances, opportunities, total, List.copyOf(findings));
    }

    private FleetReport.GroupFinding judge(GroupState g, MarketCriteria criteria, Function<String, TypeMarket> market, Instant now) {
        int onDemand = (int) g.activeCount(Lifecycle.ON_DEMAND);
        int spot = (int) g.activeCount(Lifecycle.SPOT);
        String current = g.instances().stream().filter(InstanceInfo::isActive).map(InstanceInfo::instanceType).findFirst()
                .orElse(g.instanceTypes().isEmpty() ? "unknown" : g.instanceTypes().get(0));
        List<String> types = g.instanceTypes().isEmpty() ? List.of(current) : g.instanceTypes();
        List<String> reasons = new ArrayList<>(tagReasons(g));
        SpotConfig spotConfig = SpotConfig.newBuilder().setInstanceTypes(types)
                .setAllocationStrategy(dev.spotshift.events.AllocationStrategy.PRICE_CAPACITY_OPTIMIZED)
                .setTargetCapacity(Math.max(1, g.desired())).build();
        List<CandidateScorer.Scored> ranked = types.stream()
                .map(t -> CandidateScorer.scored(market.apply(t), List.of(), spotConfig, criteria, now))
                .sorted(Assessor.RANKING)
                .toList();
        List<CandidateScore> scored = ranked.stream().map(CandidateScorer.Scored::candidate).toList();
        CandidateScore best = scored.get(0);
        if (!best.getEligible()) {
            best.getReasons().stream().map(Reason::getMessage).forEach(reasons::add);
        }
        if (onDemand == 0) {
            reasons.add("no on-demand instances to move");
        }
        boolean candidate = reasons.isEmpty();
        long hourly = ranked.get(0).hourlySavingMicros();
        long monthly = candidate ? Math.round(hourly * CandidateScorer.HOURS_PER_MONTH * onDemand) : 0;
        List<String> recommended = scored.stream().filter(CandidateScore::getEligible).map(CandidateScore::getInstanceType).toList();
        return new FleetReport.GroupFinding(g.name(), current, onDemand, spot, candidate, best.getRisk().name(),
                best.getScore(), best.getSavingsPercent(), monthly, recommended, List.copyOf(reasons));
    }

    private static List<String> tagReasons(GroupState g) {
        List<String> out = new ArrayList<>();
        if (anyTag(g, STATEFUL_TAG, "true")) {
            out.add("tagged " + STATEFUL_TAG + "=true: keeps state on the instance");
        }
        if (anyTag(g, REAL_TIME_TAG, "true")) {
            out.add("tagged " + REAL_TIME_TAG + "=true: has a real-time requirement");
        }
        if (anyTag(g, TOLERANT_TAG, "false")) {
            out.add("tagged " + TOLERANT_TAG + "=false: does not tolerate interruption");
        }
        return out;
    }

    private static boolean anyTag(GroupState g, String key, String value) {
        return g.instances().stream().anyMatch(i -> value.equalsIgnoreCase(i.tags().getOrDefault(key, "")));
    }

    private static boolean matches(GroupState g, Map<String, String> tagFilter) {
        if (tagFilter.isEmpty()) {
            return true;
        }
        return g.instances().stream().anyMatch(i -> tagFilter.entrySet().stream()
                .allMatch(e -> e.getValue().equals(i.tags().get(e.getKey()))));
    }
}
