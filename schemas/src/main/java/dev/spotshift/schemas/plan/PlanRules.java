package dev.spotshift.schemas.plan;

import dev.spotshift.events.ApprovalPolicy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.CheckpointConfig;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.RolloutConfig;
import dev.spotshift.events.SpotConfig;
import dev.spotshift.events.Thresholds;
import dev.spotshift.events.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a plan must satisfy beyond its shape, checked on the Avro {@link MigrationPlan} so a plan
 * from a file and a plan off the topic are judged by the same rules. Paths use the YAML format's
 * names; fields of the one workload are under {@code workload.} (the parser turns that into
 * {@code workloads[i].}).
 */
public final class PlanRules {

    /** EC2 gives a spot instance two minutes between the interruption notice and the stop. */
    public static final long SPOT_NOTICE_MILLIS = 120_000;

    /**
     * The longest duration a plan may give. Longer ones are mistakes, and a bound keeps every
     * {@code now + duration} the services compute far from overflowing a long of milliseconds.
     */
    public static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(365);

    /** The largest amount of money a plan may name ($1,000,000), in micro-USD: sums of it stay far inside a long. */
    public static final long MAX_MONEY_MICROS = 1_000_000L * 1_000_000L;

    /** The largest capacity a plan may ask for; capacity times a percentage must not overflow an int. */
    public static final int MAX_CAPACITY = 100_000;

    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern S3_URI = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?");

    private final List<PlanError> errors = new ArrayList<>();

    private PlanRules() {}

    public static List<PlanError> check(MigrationPlan plan) {
        PlanRules r = new PlanRules();
        r.top(plan);
        r.workload(plan.getWorkload());
        r.spot(plan.getSpot());
        r.market(plan.getMarket());
        r.rollout(plan.getRollout());
        r.thresholds(plan.getThresholds());
        r.checkpoint(plan.getCheckpoint());
        r.autoscaling(plan);
        r.success(plan);
        r.approval(plan.getApproval());
        r.reviews(plan);
        r.budget(plan.getBudget());
        r.wave(plan);
        return List.copyOf(r.errors);
    }

    /**
     * A plan off the topic carries its wave whole; a wave after the first must name what it waits for, and a
     * migration cannot wait for its own workload.
     */
    private void wave(MigrationPlan p) {
        dev.spotshift.events.WavePlacement w = p.getWave();
        if (w == null) {
            return;
        }
        if (w.getIndex() < 1 || w.getIndex() > w.getCount()) {
            errors.add(PlanError.at("waves", "INVALID_VALUE", "wave " + w.getIndex() + " of " + w.getCount()
                    + ": a wave's index runs from 1 to the number of waves"));
            return;
        }
        require(w.getIndex() == 1 || !w.getPreviousWorkloads().isEmpty(), "waves[" + (w.getIndex() - 2) + "].workloads",
                "EMPTY_WAVE", "wave " + w.getIndex() + " follows a wave without workloads");
        String own = p.getWorkload().getName();
        require(!w.getPreviousWorkloads().contains(own) && !w.getNextWorkloads().contains(own), "waves",
                "WORKLOAD_IN_TWO_WAVES", "workload '" + own + "' is in two waves");
    }

    private void top(MigrationPlan p) {
        require(!blank(p.getName()), "name", "MISSING_FIELD", "the plan needs a name");
        require(p.getMode() != ExecutionMode.UNKNOWN_MODE, "mode", "INVALID_VALUE", "mode must be live, shadow or dry-run");
    }

    private void workload(Workload w) {
        require(!blank(w.getName()), "workload.name", "MISSING_FIELD", "the workload needs a name");
        boolean regionKnown = AwsRegions.isKnown(w.getRegion());
        require(regionKnown, "workload.region", "INVALID_VALUE",
                "'" + w.getRegion() + "' is not an AWS region (like us-east-1)");
        // A cross-field rule is judged only when each field passes on its own: one mistake, one error.
        for (int i = 0; regionKnown && i < w.getAzPreference().size(); i++) {
            String az = w.getAzPreference().get(i);
            require(az.startsWith(w.getRegion()) && az.length() > w.getRegion().length(), "workload.azPreference[" + i + "]",
                    "INVALID_VALUE", "'" + az + "' is not an availability zone of " + w.getRegion());
        }
        if (w.getBackupRegion() != null) {
            require(AwsRegions.isKnown(w.getBackupRegion()), "workload.backupRegion", "INVALID_VALUE",
                    "'" + w.getBackupRegion() + "' is not an AWS region (like us-east-2)");
            require(!w.getBackupRegion().equals(w.getRegion()), "workload.backupRegion", "INVALID_VALUE",
                    "the backup region must differ from the primary region");
            for (int i = 0; AwsRegions.isKnown(w.getBackupRegion()) && i < w.getBackupAzPreference().size(); i++) {
                String az = w.getBackupAzPreference().get(i);
                require(az.startsWith(w.getBackupRegion()), "workload.backupAzPreference[" + i + "]", "INVALID_VALUE",
                        "'" + az + "' is not an availability zone of " + w.getBackupRegion());
            }
            // A failover moves the group's spot share to a group in the backup region: without one there is nowhere to go.
            require(w.getAutoScalingGroupName() == null || w.getBackupAutoScalingGroupName() != null,
                    "workload.backupAutoScalingGroupName", "MISSING_FIELD", "backupRegion " + w.getBackupRegion()
                            + " needs the group there the spot share moves to on a failover (backupAutoScalingGroupName)");
        }
        require(w.getAutoScalingGroupName() != null || !w.getInstanceIds().isEmpty(), "workload", "MISSING_TARGET",
                "say where the workload runs: autoScalingGroupName or instanceIds");
        require(INSTANCE_TYPE.matcher(w.getCurrentInstanceType()).matches(), "workload.currentInstanceType",
                "INVALID_VALUE", "'" + w.getCurrentInstanceType() + "' is not an instance type like m5.large");
        require(INSTANCE_TYPE.matcher(w.getFallbackInstanceType()).matches(), "workload.fallbackInstanceType",
                "INVALID_VALUE", "'" + w.getFallbackInstanceType() + "' is not an instance type like m5.large");
        if (w.getBaseline() != null) {
            percent(w.getBaseline().getErrorRatePercent(), "workload.baseline.errorRatePercent");
            percent(w.getBaseline().getCpuUtilisationPercent(), "workload.baseline.cpuUtilisationPercent");
            require(w.getBaseline().getCostPerJobMicros() >= 0, "workload.baseline.costPerJob", "OUT_OF_RANGE",
                    "cost per job cannot be negative");
            money(w.getBaseline().getCostPerJobMicros(), "workload.baseline.costPerJob");
            duration(w.getBaseline().getJobCompletionMillis(), "workload.baseline.jobCompletion");
            require(Double.isFinite(w.getBaseline().getJobsPerHour()) && w.getBaseline().getJobsPerHour() >= 0, "workload.baseline.jobsPerHour", "OUT_OF_RANGE",
                    "jobs per hour must be a number of at least 0");
        }
    }

    private void spot(SpotConfig s) {
        require(!s.getInstanceTypes().isEmpty(), "spot.instanceTypes", "MISSING_FIELD", "name at least one candidate instance type");
        var seen = new HashSet<String>();
        for (int i = 0; i < s.getInstanceTypes().size(); i++) {
            String t = s.getInstanceTypes().get(i);
            require(INSTANCE_TYPE.matcher(t).matches(), "spot.instanceTypes[" + i + "]", "INVALID_VALUE",
                    "'" + t + "' is not an instance type like m5.large");
            require(seen.add(t), "spot.instanceTypes[" + i + "]", "DUPLICATE_VALUE", "'" + t + "' is listed twice");
        }
        require(s.getAllocationStrategy() != AllocationStrategy.UNKNOWN_STRATEGY, "spot.allocationStrategy",
                "INVALID_VALUE", "unknown allocation strategy");
        Double fraction = s.getMaxPriceFractionOfOnDemand();
        Long absolute = s.getMaxPriceMicros();
        require(fraction == null || absolute == null, "spot.maxPrice", "INVALID_VALUE",
                "give the price cap as a fraction of on-demand or as an amount, not both");
        if (fraction != null) {
            require(fraction <= 1.0, "spot.maxPrice", "MAX_PRICE_ABOVE_ON_DEMAND",
                    "a cap of " + fraction + " x on-demand is above the on-demand price; spot would save nothing");
            require(fraction > 0.0, "spot.maxPrice", "OUT_OF_RANGE", "the price cap must be above zero");
        }
        if (absolute != null) {
            require(absolute > 0, "spot.maxPrice", "OUT_OF_RANGE", "the price cap must be above zero");
            money(absolute, "spot.maxPrice");
        }
        boolean targetOk = s.getTargetCapacity() >= 1 && s.getTargetCapacity() <= MAX_CAPACITY;
        require(targetOk, "spot.targetCapacity", "OUT_OF_RANGE", "target capacity must be in 1.." + MAX_CAPACITY);
        require(s.getMinCapacity() >= 0, "spot.minCapacity", "OUT_OF_RANGE", "minimum capacity cannot be negative");
        require(!targetOk || s.getMinCapacity() <= s.getTargetCapacity(), "spot.minCapacity", "OUT_OF_RANGE",
                "minimum capacity " + s.getMinCapacity() + " is above the target " + s.getTargetCapacity());
        require(!targetOk || s.getMaxCapacity() >= s.getTargetCapacity(), "spot.maxCapacity", "OUT_OF_RANGE",
                "maximum capacity " + s.getMaxCapacity() + " is below the target " + s.getTargetCapacity());
        require(s.getMaxCapacity() <= MAX_CAPACITY, "spot.maxCapacity", "OUT_OF_RANGE",
                "maximum capacity must be at most " + MAX_CAPACITY);
        require(s.getOnDemandBaseCapacity() >= 0 && s.getOnDemandBaseCapacity() <= s.getMaxCapacity(),
                "spot.onDemandBaseCapacity", "OUT_OF_RANGE", "on-demand base capacity must be between 0 and the maximum");
    }

    private void market(MarketCriteria m) {
        require(m.getMaxPriceVariationPercent() > 0 && m.getMaxPriceVariationPercent() <= 100,
                "market.maxPriceVariationPercent", "OUT_OF_RANGE", "price variation limit must be in (0, 100]");
        require(m.getMaxInterruptionRatePercent() > 0 && m.getMaxInterruptionRatePercent() <= 100,
                "market.maxInterruptionRatePercent", "OUT_OF_RANGE", "interruption rate limit must be in (0, 100]");
        require(m.getMinSavingsPercent() >= 0 && m.getMinSavingsPercent() < 100, "market.minSavingsPercent",
                "OUT_OF_RANGE", "minimum savings must be in [0, 100)");
        require(m.getMinPlacementScore() >= 1 && m.getMinPlacementScore() <= 10, "market.minPlacementScore",
                "OUT_OF_RANGE", "placement scores run from 1 to 10");
        // EC2 keeps 90 days of spot price history.
        require(m.getPriceLookbackMillis() > 0 && m.getPriceLookbackMillis() <= 90L * 86_400_000, "market.priceLookback",
                "OUT_OF_RANGE", "the price lookback must be positive and at most 90 days");
    }

    private void rollout(RolloutConfig r) {
        List<Integer> steps = r.getStepsPercent();
        require(!steps.isEmpty(), "rollout.stepsPercent", "MISSING_FIELD", "list the rollout steps, e.g. [25, 50, 75, 100]");
        for (int i = 0; i < steps.size(); i++) {
            int s = steps.get(i);
            require(s >= 1 && s <= 100, "rollout.stepsPercent[" + i + "]", "OUT_OF_RANGE", "a step is a spot share in 1..100, was " + s);
            if (i > 0) {
                require(s > steps.get(i - 1), "rollout.stepsPercent[" + i + "]", "STEPS_NOT_INCREASING",
                        "step " + s + " % does not increase on " + steps.get(i - 1) + " %");
            }
        }
        if (!steps.isEmpty()) {
            require(steps.get(steps.size() - 1) == 100, "rollout.stepsPercent[" + (steps.size() - 1) + "]",
                    "STEPS_NOT_ENDING_AT_100", "the last step must reach 100 % spot, was " + steps.get(steps.size() - 1));
        }
        boolean interval = positive(r.getStepIntervalMillis(), "rollout.stepInterval");
        boolean window = positive(r.getValidationWindowMillis(), "rollout.validationWindow");
        require(!interval || !window || r.getValidationWindowMillis() <= r.getStepIntervalMillis(), "rollout.validationWindow",
                "OUT_OF_RANGE", "the validation window must fit inside the step interval");
        duration(r.getBaselineWindowMillis(), "rollout.baselineWindow");
        duration(r.getShadowRunMillis(), "rollout.shadowRun");
        duration(r.getValidationPeriodMillis(), "rollout.validationPeriod");
        duration(r.getReturnToSpotHoldMillis(), "rollout.returnToSpotHold");
        perStep(steps, r.getValidationWindowsMillis(), "rollout.validationWindows", "validation window");
        perStep(steps, r.getStepIntervalsMillis(), "rollout.stepIntervals", "step interval");
        for (int i = 0; i < Math.min(steps.size(), Math.min(r.getValidationWindowsMillis().size(), r.getStepIntervalsMillis().size())); i++) {
            require(r.getValidationWindowsMillis().get(i) <= r.getStepIntervalsMillis().get(i), "rollout.validationWindows[" + i + "]",
                    "OUT_OF_RANGE", "step " + i + "'s validation window must fit inside its step interval");
        }
        for (int i = 0; !steps.isEmpty() && i < r.getManualGates().size(); i++) {
            int g = r.getManualGates().get(i);
            require(g >= 0 && g < steps.size(), "rollout.manualGates[" + i + "]", "OUT_OF_RANGE",
                    "manual gate " + g + " is not a step index (0.." + (steps.size() - 1) + ")");
        }
    }

    /** A per-step list is empty (the single value applies to every step) or names exactly one value per step. */
    private void perStep(List<Integer> steps, List<Long> values, String path, String what) {
        require(values.isEmpty() || values.size() == steps.size(), path, "NOT_ONE_PER_STEP",
                values.size() + " " + what + "s for " + steps.size() + " steps: give one per step, in step order");
    }

    private void thresholds(Thresholds t) {
        percent(t.getErrorRatePercent(), "thresholds.immediate.errorRatePercent");
        positive(t.getErrorRateWindowMillis(), "thresholds.immediate.errorRateWindow");
        require(t.getMinJobsForErrorRate() >= 1 && t.getMinJobsForErrorRate() <= 1_000_000, "thresholds.immediate.minJobsForErrorRate",
                "OUT_OF_RANGE", "must be in 1..1000000");
        percent(t.getDegradationPercent(), "thresholds.gradual.degradationPercent");
        positive(t.getDegradationWindowMillis(), "thresholds.gradual.degradationWindow");
        percent(t.getMinCostEfficiencyPercent(), "thresholds.gradual.minCostEfficiencyPercent");
        positive(t.getCostWindowMillis(), "thresholds.gradual.costWindow");
        percent(t.getGateProcessingTimeIncreasePercent(), "thresholds.gate.processingTimeIncreasePercent");
        percent(t.getGateMaxErrorRatePercent(), "thresholds.gate.maxErrorRatePercent");
        require(t.getMaxCpuUtilisationPercent() > 0 && t.getMaxCpuUtilisationPercent() <= 100,
                "thresholds.gate.maxCpuUtilisationPercent", "OUT_OF_RANGE", "must be in (0, 100]");
    }

    private void checkpoint(CheckpointConfig c) {
        positive(c.getIntervalMillis(), "checkpoint.interval");
        positive(c.getGracefulShutdownMillis(), "checkpoint.gracefulShutdown");
        // The last checkpoint is written after the notice; it has to finish before the instance stops.
        require(c.getGracefulShutdownMillis() <= SPOT_NOTICE_MILLIS, "checkpoint.gracefulShutdown", "CHECKPOINT_EXCEEDS_NOTICE",
                "saving state takes " + c.getGracefulShutdownMillis() / 1000 + " s but spot gives only a 120 s notice");
        if (c.getLocation() != null) {
            require(S3_URI.matcher(c.getLocation()).matches(), "checkpoint.location", "INVALID_VALUE",
                    "'" + c.getLocation() + "' is not an S3 location like s3://bucket/prefix/");
        }
    }

    private void autoscaling(MigrationPlan p) {
        var a = p.getAutoscaling();
        if (a == null) {
            return;
        }
        percent(a.getScaleOutCpuPercent(), "autoscaling.scaleOut.cpuPercent");
        percent(a.getScaleInCpuPercent(), "autoscaling.scaleIn.cpuPercent");
        require(!isPercent(a.getScaleInCpuPercent()) || !isPercent(a.getScaleOutCpuPercent())
                        || a.getScaleInCpuPercent() < a.getScaleOutCpuPercent(), "autoscaling.scaleIn.cpuPercent", "OUT_OF_RANGE",
                "scale-in CPU must be below scale-out CPU, or the group flaps");
        for (Object[] rule : new Object[][] {{a.getScaleOutAfterMillis(), "autoscaling.scaleOut.after"},
                {a.getScaleInAfterMillis(), "autoscaling.scaleIn.after"}}) {
            long millis = (Long) rule[0];
            // The rules become CloudWatch alarms of one-minute periods: "for 10 min" is 10 periods.
            if (positive(millis, (String) rule[1])) {
                require(millis >= 60_000 && millis % 60_000 == 0, (String) rule[1], "OUT_OF_RANGE",
                        "a scaling rule holds for whole minutes (CloudWatch alarms judge one-minute periods), was "
                                + millis / 1000.0 + " s");
            }
        }
    }

    private void success(MigrationPlan p) {
        var s = p.getSuccess();
        require(s.getMinJobCompletionRatePercent() > 0 && s.getMinJobCompletionRatePercent() <= 100,
                "success.minJobCompletionRatePercent", "OUT_OF_RANGE", "must be in (0, 100]");
        percent(s.getMaxProcessingTimeIncreasePercent(), "success.maxProcessingTimeIncreasePercent");
        percent(s.getMinCostSavingsPercent(), "success.minCostSavingsPercent");
    }

    private void reviews(MigrationPlan p) {
        for (int i = 0; i < p.getReviews().size(); i++) {
            var rule = p.getReviews().get(i);
            String at = "reviews[" + i + "].";
            require(rule.getMetric() != dev.spotshift.events.ReviewMetric.UNKNOWN_REVIEW_METRIC, at + "metric",
                    "INVALID_VALUE", "unknown review metric");
            positive(rule.getWindowMillis(), at + "window");
            Double bound = rule.getAtMost() != null ? rule.getAtMost() : rule.getAtLeast();
            require(bound != null && bound >= 0 && bound <= 1_000, at + (rule.getAtMost() != null ? "atMost" : "atLeast"),
                    "OUT_OF_RANGE", "a review bound is a percentage in [0, 1000], was " + bound);
        }
    }

    private void approval(ApprovalPolicy a) {
        require(a.getRule() != ApprovalRule.UNKNOWN_RULE, "approval.rule", "INVALID_VALUE", "unknown approval rule");
        // Three agents vote: performance, resource, application.
        require(a.getQuorum() >= 1 && a.getQuorum() <= 3, "approval.quorum", "OUT_OF_RANGE", "quorum must be 1..3 (three agents vote)");
        require(a.getMinConfidence() >= 0 && a.getMinConfidence() <= 1, "approval.minConfidence", "OUT_OF_RANGE",
                "confidence is in [0, 1]");
        positive(a.getDeadlineMillis(), "approval.deadline");
    }

    /** The currency the cost account is kept in: EC2 bills in US dollars, and a cap in another could not be compared. */
    public static final String ACCOUNT_CURRENCY = "USD";

    private void budget(dev.spotshift.events.SpendCap b) {
        if (b == null) {
            return;
        }
        boolean iso;
        try {
            java.util.Currency.getInstance(b.getCurrency());
            iso = true;
        } catch (IllegalArgumentException | NullPointerException e) {
            iso = false;
        }
        require(iso, "budget.currency", "UNKNOWN_CURRENCY", "'" + b.getCurrency() + "' is not an ISO 4217 currency code (like USD)");
        require(!iso || ACCOUNT_CURRENCY.equals(b.getCurrency()), "budget.currency", "UNSUPPORTED_CURRENCY",
                "the cost account is kept in " + ACCOUNT_CURRENCY + " (what EC2 bills); a cap in " + b.getCurrency()
                        + " cannot be compared with it");
        require(b.getMaxPerHourMicros() != null || b.getMaxTotalMicros() != null, "budget", "MISSING_FIELD",
                "a budget needs maxPerHour, maxTotal or both");
        for (var cap : new Object[][] {{b.getMaxPerHourMicros(), "budget.maxPerHour"}, {b.getMaxTotalMicros(), "budget.maxTotal"}}) {
            Long micros = (Long) cap[0];
            if (micros != null) {
                require(micros > 0, (String) cap[1], "OUT_OF_RANGE", "a cap must be above zero");
                money(micros, (String) cap[1]);
            }
        }
        require(b.getWarnPercent() > 0 && b.getWarnPercent() < 100, "budget.warnAtPercent", "OUT_OF_RANGE",
                "the warning level is a share of the cap in (0, 100), was " + b.getWarnPercent());
    }

    private void percent(double v, String path) {
        require(isPercent(v), path, "OUT_OF_RANGE", "a percentage must be in [0, 100], was " + v);
    }

    private static boolean isPercent(double v) {
        return v >= 0 && v <= 100;
    }

    /** A required duration: positive and at most {@link #MAX_DURATION}. */
    private boolean positive(long millis, String path) {
        require(millis > 0, path, "OUT_OF_RANGE", "duration must be positive");
        return millis > 0 && duration(millis, path);
    }

    /** Any duration of a plan, set or defaulted: at most {@link #MAX_DURATION}. */
    private boolean duration(Long millis, String path) {
        boolean ok = millis == null || millis <= MAX_DURATION.toMillis();
        require(ok, path, "OUT_OF_RANGE", "a duration is at most " + MAX_DURATION.toDays() + " days");
        return ok;
    }

    private void money(long micros, String path) {
        require(micros <= MAX_MONEY_MICROS, path, "OUT_OF_RANGE", "an amount is at most $" + MAX_MONEY_MICROS / 1_000_000);
    }

    private void require(boolean ok, String path, String code, String message) {
        if (!ok) {
            errors.add(PlanError.at(path, code, message));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
