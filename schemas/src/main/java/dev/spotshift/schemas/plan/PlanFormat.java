package dev.spotshift.schemas.plan;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.CriteriaMissedAction;
import dev.spotshift.events.DeadlineOutcome;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.ReviewMetric;
import dev.spotshift.events.WorkloadKind;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field names of the YAML plan format (version {@value #API_VERSION}), section by section.
 * The reader rejects anything else, and a test holds plan-schema.json to the same names.
 */
public final class PlanFormat {

    public static final String API_VERSION = "spotshift.dev/v1";
    public static final String KIND = "MigrationPlan";

    /** Classpath resource of the JSON Schema editors use to complete and check plan files. */
    public static final String JSON_SCHEMA_RESOURCE = "/plan-schema.json";

    static final Set<String> ROOT = keys("apiVersion", "kind", "id", "name", "description", "mode", "workloads",
            "spot", "market", "rollout", "thresholds", "checkpoint", "autoscaling", "fallback", "success", "approval",
            "reviews", "budget", "waves");
    static final Set<String> WORKLOAD = keys("name", "kind", "region", "azPreference", "backupRegion",
            "backupAzPreference", "backupAutoScalingGroupName", "autoScalingGroupName", "instanceIds", "currentInstanceType", "fallbackInstanceType",
            "instanceTypes", "interruptionTolerant", "stateless", "realTimeRequirement", "baseline");
    static final Set<String> BASELINE = keys("jobCompletion", "errorRatePercent", "costPerJob", "cpuUtilisationPercent",
            "jobsPerHour");
    static final Set<String> SPOT = keys("instanceTypes", "allocationStrategy", "maxPrice", "targetCapacity",
            "minCapacity", "maxCapacity", "onDemandBaseCapacity");
    static final Set<String> MARKET = keys("maxPriceVariationPercent", "priceLookback", "maxInterruptionRatePercent",
            "minSavingsPercent", "minPlacementScore");
    static final Set<String> ROLLOUT = keys("stepsPercent", "stepInterval", "validationWindow", "baselineWindow",
            "shadowRun", "validationPeriod", "manualGates", "returnToSpotHold", "returnToSpotAfterRollback", "validationWindows", "stepIntervals");
    static final Set<String> THRESHOLDS = keys("immediate", "gradual", "gate");
    static final Set<String> IMMEDIATE = keys("errorRatePercent", "errorRateWindow", "minJobsForErrorRate",
            "rollbackOnJobFailure", "rollbackOnDataInconsistency");
    static final Set<String> GRADUAL = keys("degradationPercent", "degradationWindow", "minCostEfficiencyPercent",
            "costWindow");
    static final Set<String> GATE = keys("processingTimeIncreasePercent", "maxErrorRatePercent",
            "maxCpuUtilisationPercent");
    static final Set<String> CHECKPOINT = keys("interval", "location", "gracefulShutdown");
    static final Set<String> AUTOSCALING = keys("scaleOut", "scaleIn");
    static final Set<String> SCALE_RULE = keys("cpuPercent", "after");
    static final Set<String> FALLBACK = keys("onDemandCapacityReserved", "capacityReservationId");
    static final Set<String> SUCCESS = keys("minJobCompletionRatePercent", "maxProcessingTimeIncreasePercent",
            "minCostSavingsPercent", "onCriteriaMissed");
    static final Set<String> APPROVAL = keys("rule", "quorum", "minConfidence", "deadline", "onDeadline");
    static final Set<String> REVIEW = keys("action", "metric", "atMost", "atLeast", "window");
    static final Set<String> BUDGET = keys("currency", "maxPerHour", "maxTotal", "warnAtPercent");
    static final Set<String> WAVE = keys("name", "workloads", "validationPeriod");

    /** Every section by its path with list indexes written as {@code []}, for the schema check. */
    public static Map<String, Set<String>> sections() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("", ROOT);
        m.put("workloads[]", WORKLOAD);
        m.put("workloads[].baseline", BASELINE);
        m.put("spot", SPOT);
        m.put("market", MARKET);
        m.put("rollout", ROLLOUT);
        m.put("thresholds", THRESHOLDS);
        m.put("thresholds.immediate", IMMEDIATE);
        m.put("thresholds.gradual", GRADUAL);
        m.put("thresholds.gate", GATE);
        m.put("checkpoint", CHECKPOINT);
        m.put("autoscaling", AUTOSCALING);
        m.put("autoscaling.scaleOut", SCALE_RULE);
        m.put("autoscaling.scaleIn", SCALE_RULE);
        m.put("fallback", FALLBACK);
        m.put("success", SUCCESS);
        m.put("approval", APPROVAL);
        m.put("reviews[]", REVIEW);
        m.put("budget", BUDGET);
        m.put("waves[]", WAVE);
        return m;
    }

    static final Map<String, ExecutionMode> MODES = words(
            "live", ExecutionMode.LIVE, "shadow", ExecutionMode.SHADOW, "dry-run", ExecutionMode.DRY_RUN);
    static final Map<String, WorkloadKind> KINDS = words(
            "batch-etl", WorkloadKind.BATCH_ETL, "report-generation", WorkloadKind.REPORT_GENERATION,
            "log-processing", WorkloadKind.LOG_PROCESSING, "data-analytics", WorkloadKind.DATA_ANALYTICS,
            "backup", WorkloadKind.BACKUP, "other", WorkloadKind.OTHER);
    static final Map<String, AllocationStrategy> STRATEGIES = words(
            "capacity-optimized", AllocationStrategy.CAPACITY_OPTIMIZED,
            "price-capacity-optimized", AllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
            "capacity-optimized-prioritized", AllocationStrategy.CAPACITY_OPTIMIZED_PRIORITIZED,
            "lowest-price", AllocationStrategy.LOWEST_PRICE);
    static final Map<String, ApprovalRule> RULES = words(
            "unanimous", ApprovalRule.UNANIMOUS, "quorum", ApprovalRule.QUORUM, "min-confidence", ApprovalRule.MIN_CONFIDENCE);
    static final Map<String, DeadlineOutcome> DEADLINE_OUTCOMES = words(
            "reject", DeadlineOutcome.REJECT, "decide-on-votes-so-far", DeadlineOutcome.DECIDE_ON_VOTES_SO_FAR);
    static final Map<String, CriteriaMissedAction> CRITERIA_MISSED = words(
            "rollback", CriteriaMissedAction.ROLLBACK, "keep", CriteriaMissedAction.KEEP);
    static final Map<String, ReviewMetric> REVIEW_METRICS = words(
            "processing-time-increase-percent", ReviewMetric.PROCESSING_TIME_INCREASE_PERCENT,
            "cpu-utilisation-percent", ReviewMetric.CPU_UTILISATION_PERCENT,
            "cost-per-job-percent-of-baseline", ReviewMetric.COST_PER_JOB_PERCENT_OF_BASELINE,
            "savings-percent", ReviewMetric.SAVINGS_PERCENT,
            "error-rate-percent", ReviewMetric.ERROR_RATE_PERCENT);

    private PlanFormat() {}

    /** The JSON Schema words for an enum-like field, for the schema check. */
    public static Map<String, List<String>> enumWords() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("mode", List.copyOf(MODES.keySet()));
        m.put("workloads[].kind", List.copyOf(KINDS.keySet()));
        m.put("spot.allocationStrategy", List.copyOf(STRATEGIES.keySet()));
        m.put("approval.rule", List.copyOf(RULES.keySet()));
        m.put("approval.onDeadline", List.copyOf(DEADLINE_OUTCOMES.keySet()));
        m.put("success.onCriteriaMissed", List.copyOf(CRITERIA_MISSED.keySet()));
        m.put("reviews[].metric", List.copyOf(REVIEW_METRICS.keySet()));
        return m;
    }

    private static Set<String> keys(String... k) {
        return new LinkedHashSet<>(List.of(k));
    }

    @SuppressWarnings("unchecked")
    private static <E> Map<String, E> words(Object... pairs) {
        Map<String, E> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (E) pairs[i + 1]);
        }
        return m;
    }
}
