package dev.spotshift.schemas.plan;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ApprovalPolicy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.AutoscalingRules;
import dev.spotshift.events.Baseline;
import dev.spotshift.events.CheckpointConfig;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.FallbackConfig;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.ReviewRule;
import dev.spotshift.events.RolloutConfig;
import dev.spotshift.events.SpendCap;
import dev.spotshift.events.SpotConfig;
import dev.spotshift.events.SuccessCriteria;
import dev.spotshift.events.Thresholds;
import dev.spotshift.events.Workload;
import dev.spotshift.events.WorkloadKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a composed YAML tree into one {@link MigrationPlan} per workload. Plan-wide sections
 * (spot, market, rollout, thresholds, ...) are shared by every workload; a workload may name
 * its own candidate {@code instanceTypes}. When something is wrong (the errors are in
 * {@link Problems}) it still builds what it can, with a placeholder where a required value is
 * missing or unreadable, so the plan's rules can be judged in the same pass; such plans are only
 * for judging (the parser never hands them out).
 */
final class PlanReader {

    /** One workload's plan, and whether its candidate types came from the workload entry. */
    record Read(int workloadIndex, boolean ownInstanceTypes, MigrationPlan plan) {}

    /** Stands in for a missing or unreadable instance type: a valid one, so no rule reports the same mistake again. */
    private static final String PLACEHOLDER_TYPE = "m5.large";

    private final Problems problems;
    private String documentId;
    private String planName;

    PlanReader(Problems problems) {
        this.problems = problems;
    }

    String documentId() { return documentId; }

    String planName() { return planName; }

    List<Read> read(Node root) {
        YamlMap doc = YamlMap.of(root, "", PlanFormat.ROOT, problems);
        doc.string("apiVersion").filter(v -> !v.equals(PlanFormat.API_VERSION)).ifPresent(v ->
                doc.invalid("apiVersion", "INVALID_VALUE", "apiVersion must be " + PlanFormat.API_VERSION + ", was " + v));
        doc.string("kind").filter(v -> !v.equals(PlanFormat.KIND)).ifPresent(v ->
                doc.invalid("kind", "INVALID_VALUE", "kind must be " + PlanFormat.KIND + ", was " + v));
        documentId = doc.string("id").orElse(null);
        planName = doc.requiredString("name").orElse(null);

        MigrationPlan.Builder template = MigrationPlan.newBuilder();
        doc.requiredString("mode");
        template.setMode(doc.choice("mode", PlanFormat.MODES).orElse(ExecutionMode.UNKNOWN_MODE));
        template.setName(planName == null ? "" : planName);
        template.setDescription(doc.string("description").orElse(null));
        YamlMap spotSection = doc.section("spot", PlanFormat.SPOT);
        SpotConfig.Builder spot = spot(spotSection);
        Optional<List<String>> sharedTypes = spotSection.strings("instanceTypes");
        template.setMarket(market(doc.section("market", PlanFormat.MARKET)));
        template.setRollout(rollout(doc.section("rollout", PlanFormat.ROLLOUT)));
        template.setThresholds(thresholds(doc.section("thresholds", PlanFormat.THRESHOLDS)));
        template.setCheckpoint(checkpoint(doc.section("checkpoint", PlanFormat.CHECKPOINT)));
        template.setAutoscaling(doc.map("autoscaling", PlanFormat.AUTOSCALING).flatMap(this::autoscaling).orElse(null));
        template.setFallback(fallback(doc.section("fallback", PlanFormat.FALLBACK)));
        template.setSuccess(success(doc.section("success", PlanFormat.SUCCESS)));
        template.setApproval(approval(doc.section("approval", PlanFormat.APPROVAL)));
        template.setReviews(reviews(doc.maps("reviews", PlanFormat.REVIEW)));
        template.setBudget(doc.map("budget", PlanFormat.BUDGET).map(this::budget).orElse(null));

        if (!doc.has("workloads")) {
            doc.invalid("workloads", "MISSING_FIELD", "'workloads' is required: list at least one workload");
        }
        List<Read> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<YamlMap> workloads = doc.maps("workloads", PlanFormat.WORKLOAD);
        if (doc.has("workloads") && workloads.isEmpty()) {
            doc.invalid("workloads", "MISSING_FIELD", "list at least one workload");
        }
        List<String> workloadNames = new ArrayList<>();
        List<Read> pending = new ArrayList<>();
        List<MigrationPlan.Builder> builders = new ArrayList<>();
        for (int i = 0; i < workloads.size(); i++) {
            YamlMap w = workloads.get(i);
            Workload.Builder wb = workload(w);
            workloadNames.add(wb.hasName() ? wb.getName() : "");
            if (wb.hasName() && !names.add(wb.getName())) {
                w.invalid("name", "DUPLICATE_WORKLOAD", "workload '" + wb.getName() + "' is listed twice");
            }
            Optional<List<String>> ownTypes = w.strings("instanceTypes");
            Optional<List<String>> types = ownTypes.isPresent() ? ownTypes : sharedTypes;
            if (types.isEmpty() && !spotSection.has("instanceTypes") && !w.has("instanceTypes")) {
                w.invalid("instanceTypes", "MISSING_FIELD",
                        "no candidate instance types: set spot.instanceTypes or this workload's instanceTypes");
            }
            try {
                SpotConfig.Builder sb = SpotConfig.newBuilder(spot).setInstanceTypes(types.orElse(List.of(PLACEHOLDER_TYPE)));
                builders.add(MigrationPlan.newBuilder(template).setWorkload(wb.build()).setSpot(sb.build()));
                pending.add(new Read(i, ownTypes.isPresent(), null));
            } catch (AvroRuntimeException e) {
                // A required value without a placeholder: this workload's rules wait until its errors are fixed.
            }
        }
        List<Wave> waves = waves(doc, workloadNames);
        for (int k = 0; k < pending.size(); k++) {
            Read r = pending.get(k);
            MigrationPlan.Builder pb = builders.get(k);
            String name = workloadNames.get(r.workloadIndex());
            waves.stream().filter(v -> v.workloads().contains(name)).findFirst().ifPresent(v -> placeInWave(pb, v, waves));
            try {
                out.add(new Read(r.workloadIndex(), r.ownInstanceTypes(), pb.build()));
            } catch (AvroRuntimeException e) {
                // as above: the reading errors are reported, the rules wait
            }
        }
        return out;
    }

    /** One wave as written: its 1-based index, label, workload names and validation period (null: the plan's). */
    private record Wave(int index, String name, List<String> workloads, Long validationPeriodMillis) {}

    /**
     * The plan's waves (seed 001's expansion phases), each error located at the wave or the name that causes it: a
     * wave without workloads, a name the plan has no workload of, a workload in two waves or in none.
     */
    private List<Wave> waves(YamlMap doc, List<String> workloadNames) {
        if (!doc.has("waves")) {
            return List.of();
        }
        List<YamlMap> items = doc.maps("waves", PlanFormat.WAVE);
        if (items.isEmpty()) {
            doc.invalid("waves", "EMPTY_WAVES", "list at least one wave, or leave 'waves' out to start every workload at once");
            return List.of();
        }
        List<Wave> out = new ArrayList<>();
        java.util.Map<String, Integer> placed = new java.util.HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMap m = items.get(i);
            if (!m.has("workloads")) {
                m.invalid("workloads", "EMPTY_WAVE", "wave " + (i + 1) + " names no workloads; list the workloads it moves");
                continue;
            }
            List<String> listed = m.strings("workloads").orElse(null);
            if (listed == null) {
                continue; // the wrong type is reported already
            }
            if (listed.isEmpty()) {
                m.invalid("workloads", "EMPTY_WAVE", "wave " + (i + 1) + " names no workloads; list the workloads it moves");
            }
            for (int j = 0; j < listed.size(); j++) {
                String name = listed.get(j);
                if (!workloadNames.contains(name)) {
                    m.invalidItem("workloads", j, "UNKNOWN_WORKLOAD", "the plan has no workload '" + name
                            + "'; its workloads are " + String.join(", ", workloadNames));
                } else if (placed.containsKey(name)) {
                    m.invalidItem("workloads", j, "WORKLOAD_IN_TWO_WAVES", "workload '" + name
                            + "' is already in wave " + placed.get(name) + "; a workload moves in one wave");
                } else {
                    placed.put(name, i + 1);
                }
            }
            Long period = m.durationMillis("validationPeriod").orElse(null);
            out.add(new Wave(i + 1, m.string("name").orElse(null), List.copyOf(listed), period));
        }
        for (int i = 0; i < workloadNames.size(); i++) {
            String name = workloadNames.get(i);
            if (!name.isEmpty() && !placed.containsKey(name) && !out.isEmpty()) {
                doc.invalidItem("workloads", i, "WORKLOAD_IN_NO_WAVE", "workload '" + name
                        + "' is in no wave; with waves, list every workload in exactly one");
            }
        }
        return out;
    }

    /** The wave's place, its neighbours by name (planIds are added at submission) and its validation period. */
    private static void placeInWave(MigrationPlan.Builder pb, Wave v, List<Wave> waves) {
        List<String> previous = v.index() > 1 ? waves.get(v.index() - 2).workloads() : List.of();
        List<String> next = v.index() < waves.size() ? waves.get(v.index()).workloads() : List.of();
        pb.setWave(dev.spotshift.events.WavePlacement.newBuilder().setIndex(v.index()).setCount(waves.size())
                .setName(v.name()).setPreviousWorkloads(previous).setNextWorkloads(next).build());
        if (v.validationPeriodMillis() != null) {
            pb.setRollout(RolloutConfig.newBuilder(pb.getRollout()).setValidationPeriodMillis(v.validationPeriodMillis()).build());
        }
    }

    private Workload.Builder workload(YamlMap w) {
        Workload.Builder b = Workload.newBuilder();
        b.setName(w.requiredString("name").orElse(""));
        b.setKind(w.choice("kind", PlanFormat.KINDS).orElse(WorkloadKind.OTHER));
        b.setRegion(w.requiredString("region").orElse(""));
        w.strings("azPreference").ifPresent(b::setAzPreference);
        w.string("backupRegion").ifPresent(b::setBackupRegion);
        w.strings("backupAzPreference").ifPresent(b::setBackupAzPreference);
        w.string("backupAutoScalingGroupName").ifPresent(b::setBackupAutoScalingGroupName);
        w.string("autoScalingGroupName").ifPresent(b::setAutoScalingGroupName);
        w.strings("instanceIds").ifPresent(b::setInstanceIds);
        if (!w.has("autoScalingGroupName") && !w.has("instanceIds")) {
            w.invalid("autoScalingGroupName", "MISSING_TARGET", "say where the workload runs: autoScalingGroupName or instanceIds");
        }
        Optional<String> current = w.requiredString("currentInstanceType");
        b.setCurrentInstanceType(current.orElse(""));
        // The seeds fall back to the type the workload runs on today.
        b.setFallbackInstanceType(w.string("fallbackInstanceType").or(() -> current).orElse(PLACEHOLDER_TYPE));
        b.setInterruptionTolerant(w.requiredBool("interruptionTolerant").orElse(false));
        b.setStateless(w.requiredBool("stateless").orElse(false));
        b.setRealTimeRequirement(w.requiredBool("realTimeRequirement").orElse(false));
        w.map("baseline", PlanFormat.BASELINE).ifPresent(m -> b.setBaseline(baseline(m)));
        return b;
    }

    private Baseline baseline(YamlMap m) {
        int before = problems.count();
        Baseline.Builder b = Baseline.newBuilder().setSamples(0).setMeasured(false);
        m.requiredDurationMillis("jobCompletion").ifPresent(b::setJobCompletionMillis);
        m.number("errorRatePercent").ifPresent(b::setErrorRatePercent);
        if (!m.has("errorRatePercent")) {
            m.invalid("errorRatePercent", "MISSING_FIELD", "'errorRatePercent' is required in a baseline");
        }
        m.requiredString("costPerJob").ifPresent(text -> PriceCap.money(text).ifPresentOrElse(b::setCostPerJobMicros,
                () -> m.invalid("costPerJob", "INVALID_VALUE", "'" + text + "' is not an amount; write e.g. \"$0.12\"")));
        m.number("cpuUtilisationPercent").ifPresentOrElse(b::setCpuUtilisationPercent,
                () -> m.invalid("cpuUtilisationPercent", "MISSING_FIELD", "'cpuUtilisationPercent' is required in a baseline"));
        m.number("jobsPerHour").ifPresent(b::setJobsPerHour);
        return problems.count() == before ? b.build() : null;
    }

    private SpotConfig.Builder spot(YamlMap m) {
        SpotConfig.Builder b = SpotConfig.newBuilder();
        b.setAllocationStrategy(m.choice("allocationStrategy", PlanFormat.STRATEGIES)
                .orElse(AllocationStrategy.PRICE_CAPACITY_OPTIMIZED));
        m.string("maxPrice").ifPresent(text -> PriceCap.parse(text).ifPresentOrElse(cap -> {
            b.setMaxPriceFractionOfOnDemand(cap.fractionOfOnDemand());
            b.setMaxPriceMicros(cap.absoluteMicros());
        }, () -> m.invalid("maxPrice", "INVALID_VALUE",
                "'" + text + "' is not a price cap; write \"0.7 x on-demand\" (fraction) or \"$0.045/h\" (absolute)")));
        b.setTargetCapacity(m.requiredInteger("targetCapacity").orElse(0));
        m.integer("minCapacity").ifPresent(b::setMinCapacity);
        m.integer("maxCapacity").ifPresent(b::setMaxCapacity);
        m.integer("onDemandBaseCapacity").ifPresent(b::setOnDemandBaseCapacity);
        return b;
    }

    private MarketCriteria market(YamlMap m) {
        MarketCriteria.Builder b = MarketCriteria.newBuilder();
        m.number("maxPriceVariationPercent").ifPresent(b::setMaxPriceVariationPercent);
        m.durationMillis("priceLookback").ifPresent(b::setPriceLookbackMillis);
        m.number("maxInterruptionRatePercent").ifPresent(b::setMaxInterruptionRatePercent);
        m.number("minSavingsPercent").ifPresent(b::setMinSavingsPercent);
        m.integer("minPlacementScore").ifPresent(b::setMinPlacementScore);
        return b.build();
    }

    private RolloutConfig rollout(YamlMap m) {
        RolloutConfig.Builder b = RolloutConfig.newBuilder();
        if (!m.has("stepsPercent")) {
            m.invalid("stepsPercent", "MISSING_FIELD", "'rollout.stepsPercent' is required, e.g. [25, 50, 75, 100]");
        }
        b.setStepsPercent(m.integers("stepsPercent").orElse(List.of()));
        b.setStepIntervalMillis(m.requiredDurationMillis("stepInterval").orElse(0L));
        b.setValidationWindowMillis(m.requiredDurationMillis("validationWindow").orElse(0L));
        m.durationMillis("baselineWindow").ifPresent(b::setBaselineWindowMillis);
        m.durationMillis("shadowRun").ifPresent(b::setShadowRunMillis);
        m.durationMillis("validationPeriod").ifPresent(b::setValidationPeriodMillis);
        m.integers("manualGates").ifPresent(b::setManualGates);
        m.durationMillis("returnToSpotHold").ifPresent(b::setReturnToSpotHoldMillis);
        m.bool("returnToSpotAfterRollback").ifPresent(b::setReturnToSpotAfterRollback);
        m.durations("validationWindows").ifPresent(b::setValidationWindowsMillis);
        m.durations("stepIntervals").ifPresent(b::setStepIntervalsMillis);
        return b.build();
    }

    private Thresholds thresholds(YamlMap m) {
        Thresholds.Builder b = Thresholds.newBuilder();
        YamlMap i = m.section("immediate", PlanFormat.IMMEDIATE);
        i.number("errorRatePercent").ifPresent(b::setErrorRatePercent);
        i.durationMillis("errorRateWindow").ifPresent(b::setErrorRateWindowMillis);
        i.integer("minJobsForErrorRate").ifPresent(b::setMinJobsForErrorRate);
        i.bool("rollbackOnJobFailure").ifPresent(b::setRollbackOnJobFailure);
        i.bool("rollbackOnDataInconsistency").ifPresent(b::setRollbackOnDataInconsistency);
        YamlMap g = m.section("gradual", PlanFormat.GRADUAL);
        g.number("degradationPercent").ifPresent(b::setDegradationPercent);
        g.durationMillis("degradationWindow").ifPresent(b::setDegradationWindowMillis);
        g.number("minCostEfficiencyPercent").ifPresent(b::setMinCostEfficiencyPercent);
        g.durationMillis("costWindow").ifPresent(b::setCostWindowMillis);
        YamlMap gate = m.section("gate", PlanFormat.GATE);
        gate.number("processingTimeIncreasePercent").ifPresent(b::setGateProcessingTimeIncreasePercent);
        gate.number("maxErrorRatePercent").ifPresent(b::setGateMaxErrorRatePercent);
        gate.number("maxCpuUtilisationPercent").ifPresent(b::setMaxCpuUtilisationPercent);
        return b.build();
    }

    private CheckpointConfig checkpoint(YamlMap m) {
        CheckpointConfig.Builder b = CheckpointConfig.newBuilder();
        m.durationMillis("interval").ifPresent(b::setIntervalMillis);
        m.string("location").ifPresent(b::setLocation);
        m.durationMillis("gracefulShutdown").ifPresent(b::setGracefulShutdownMillis);
        return b.build();
    }

    private Optional<AutoscalingRules> autoscaling(YamlMap m) {
        int before = problems.count();
        AutoscalingRules.Builder b = AutoscalingRules.newBuilder();
        YamlMap out = m.section("scaleOut", PlanFormat.SCALE_RULE);
        YamlMap in = m.section("scaleIn", PlanFormat.SCALE_RULE);
        out.number("cpuPercent").ifPresentOrElse(b::setScaleOutCpuPercent,
                () -> out.invalid("cpuPercent", "MISSING_FIELD", "'autoscaling.scaleOut.cpuPercent' is required"));
        out.requiredDurationMillis("after").ifPresent(b::setScaleOutAfterMillis);
        in.number("cpuPercent").ifPresentOrElse(b::setScaleInCpuPercent,
                () -> in.invalid("cpuPercent", "MISSING_FIELD", "'autoscaling.scaleIn.cpuPercent' is required"));
        in.requiredDurationMillis("after").ifPresent(b::setScaleInAfterMillis);
        return problems.count() == before ? Optional.of(b.build()) : Optional.empty();
    }

    private FallbackConfig fallback(YamlMap m) {
        FallbackConfig.Builder b = FallbackConfig.newBuilder();
        m.bool("onDemandCapacityReserved").ifPresent(b::setOnDemandCapacityReserved);
        m.string("capacityReservationId").ifPresent(b::setCapacityReservationId);
        return b.build();
    }

    private SuccessCriteria success(YamlMap m) {
        SuccessCriteria.Builder b = SuccessCriteria.newBuilder();
        m.number("minJobCompletionRatePercent").ifPresent(b::setMinJobCompletionRatePercent);
        m.number("maxProcessingTimeIncreasePercent").ifPresent(b::setMaxProcessingTimeIncreasePercent);
        m.number("minCostSavingsPercent").ifPresent(b::setMinCostSavingsPercent);
        m.choice("onCriteriaMissed", PlanFormat.CRITERIA_MISSED).ifPresent(b::setOnCriteriaMissed);
        return b.build();
    }

    private List<ReviewRule> reviews(List<YamlMap> rules) {
        List<ReviewRule> out = new ArrayList<>();
        for (YamlMap m : rules) {
            int before = problems.count();
            ReviewRule.Builder b = ReviewRule.newBuilder();
            b.setAction(m.requiredString("action").orElse(""));
            m.requiredString("metric");
            m.choice("metric", PlanFormat.REVIEW_METRICS).ifPresent(b::setMetric);
            m.number("atMost").ifPresent(b::setAtMost);
            m.number("atLeast").ifPresent(b::setAtLeast);
            if (m.has("atMost") == m.has("atLeast")) {
                m.invalid(m.has("atMost") ? "atLeast" : "atMost", "INVALID_VALUE",
                        "give the rule one bound: atMost (review above it) or atLeast (review below it)");
            }
            b.setWindowMillis(m.requiredDurationMillis("window").orElse(0L));
            if (problems.count() == before) {
                out.add(b.build());
            }
        }
        return out;
    }

    /** Amounts are written in the currency's units ({@code maxPerHour: 0.50}); the plan carries micro-units. */
    private SpendCap budget(YamlMap m) {
        SpendCap.Builder b = SpendCap.newBuilder();
        m.string("currency").ifPresent(b::setCurrency);
        m.number("maxPerHour").ifPresent(v -> b.setMaxPerHourMicros(PriceCap.dollarsToMicros(java.math.BigDecimal.valueOf(v).toPlainString())));
        m.number("maxTotal").ifPresent(v -> b.setMaxTotalMicros(PriceCap.dollarsToMicros(java.math.BigDecimal.valueOf(v).toPlainString())));
        m.number("warnAtPercent").ifPresent(b::setWarnPercent);
        return b.build();
    }

    private ApprovalPolicy approval(YamlMap m) {
        ApprovalPolicy.Builder b = ApprovalPolicy.newBuilder();
        // Unanimous by default: the seeds ask every agent to approve.
        b.setRule(m.choice("rule", PlanFormat.RULES).orElse(ApprovalRule.UNANIMOUS));
        m.integer("quorum").ifPresent(b::setQuorum);
        m.number("minConfidence").ifPresent(b::setMinConfidence);
        m.durationMillis("deadline").ifPresent(b::setDeadlineMillis);
        m.choice("onDeadline", PlanFormat.DEADLINE_OUTCOMES).ifPresent(b::setOnDeadline);
        return b.build();
    }
}
