package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.Baseline;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OpportunityAssessed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Will the workload still finish in time on the spot candidates? Scales the baseline's job time by
 * the CPU capacity of each candidate against the current type. A candidate must stay within the
 * pilot gate (baseline + {@code thresholds.gateProcessingTimeIncreasePercent}, seed +5 %), because
 * every rollout step is judged against that gate; one that only fits the validation criterion
 * (baseline + {@code success.maxProcessingTimeIncreasePercent}, seed +10 %) would fail its first gate.
 */
public final class PerformanceAgent implements Agent {

    /** Below this many samples a measured baseline is an anecdote. */
    static final long SOLID_SAMPLES = 30;

    private final InstanceCatalog catalog;

    public PerformanceAgent(InstanceCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public AgentKind kind() {
        return AgentKind.PERFORMANCE;
    }

    @Override
    public Opinion assess(OpportunityAssessed assessment) {
        MigrationPlan plan = assessment.getPlan();
        Baseline baseline = plan.getWorkload().getBaseline();
        double pilot = plan.getThresholds().getGateProcessingTimeIncreasePercent();
        double validation = plan.getSuccess().getMaxProcessingTimeIncreasePercent();
        double maxCpu = plan.getThresholds().getMaxCpuUtilisationPercent();

        Opinion.Builder b = new Opinion.Builder(1.0)
                .evidence("threshold.pilotIncreasePercent", pilot)
                .evidence("threshold.validationIncreasePercent", validation);
        double strength = evidenceStrength(baseline, b);
        b.evidence("evidence.strength", strength);

        String currentName = plan.getWorkload().getCurrentInstanceType();
        Optional<InstanceType> current = catalog.find(currentName);
        if (current.isEmpty()) {
            b.block("CURRENT_TYPE_UNKNOWN", "The current instance type " + currentName
                    + " is not in the instance catalog, so no candidate can be compared with it.",
                    "workload.currentInstanceType");
            return b.build(null, null, 0.5, List.of());
        }

        List<String> fitting = new ArrayList<>();
        double modelCertainty = 1.0;
        double worstFittingIncrease = Double.NEGATIVE_INFINITY;
        for (String name : plan.getSpot().getInstanceTypes()) {
            Optional<InstanceType> candidate = catalog.find(name);
            if (candidate.isEmpty()) {
                b.note("CANDIDATE_TYPE_UNKNOWN", name + " is not in the instance catalog; left out.", "spot.instanceTypes");
                continue;
            }
            InstanceType c = candidate.get();
            InstanceType cur = current.get();
            double ratio = cur.computeCapacity() / c.computeCapacity();
            double increase = (ratio - 1.0) * 100.0;
            b.evidence(name + ".expectedIncreasePercent", round(increase));
            if (baseline != null) {
                b.evidence(name + ".expectedJobCompletionMillis", Math.round(baseline.getJobCompletionMillis() * ratio));
            }
            if (c.memoryGib() < cur.memoryGib()) {
                b.note("CANDIDATE_MEMORY_TOO_SMALL", String.format(Locale.ROOT,
                        "%s has %.0f GiB of memory, less than the %.0f GiB of %s; left out.",
                        name, c.memoryGib(), cur.memoryGib(), cur.name()), "spot.instanceTypes");
                continue;
            }
            if (baseline != null && baseline.getCpuUtilisationPercent() * ratio > maxCpu) {
                double cpu = baseline.getCpuUtilisationPercent() * ratio;
                b.evidence(name + ".expectedCpuPercent", round(cpu));
                b.note("CANDIDATE_CPU_SATURATED", String.format(Locale.ROOT,
                        "%s would run at about %.0f %% CPU, above the %.0f %% limit; left out.", name, cpu, maxCpu),
                        "thresholds.maxCpuUtilisationPercent");
                continue;
            }
            if (increase > pilot) {
                String fits = increase <= validation
                        ? String.format(Locale.ROOT, " (within the +%.0f %% validation criterion, but every gate checks +%.0f %%)", validation, pilot)
                        : "";
                b.note("CANDIDATE_TOO_SLOW", String.format(Locale.ROOT,
                        "%s is expected to take %.1f %% longer than %s, over the pilot threshold of +%.0f %%%s; left out.",
                        name, increase, cur.name(), pilot, fits), "thresholds.gateProcessingTimeIncreasePercent");
                continue;
            }
            fitting.add(name);
            worstFittingIncrease = Math.max(worstFittingIncrease, increase);
            modelCertainty = Math.min(modelCertainty, certainty(cur, c));
        }

        if (fitting.isEmpty()) {
            b.block("NO_CANDIDATE_WITHIN_THRESHOLD", String.format(Locale.ROOT,
                    "No candidate instance type is expected to finish within baseline + %.0f %% on %s.",
                    pilot, currentName), "spot.instanceTypes");
            return b.build(null, null, strength, List.of());
        }
        if (modelCertainty < 1.0) {
            b.caution("ESTIMATE_ACROSS_FAMILIES", "Some candidates differ from " + currentName
                    + " in family, CPU vendor or generation, so their times are catalog estimates.", null, modelCertainty);
        }
        if (pilot - worstFittingIncrease < 1.0) {
            b.caution("CLOSE_TO_THRESHOLD", String.format(Locale.ROOT,
                    "The slowest recommended candidate is within one point of the +%.0f %% threshold.", pilot), null, 0.9);
        }
        b.scaleConfidence(strength);
        return b.build("PERFORMANCE_WITHIN_THRESHOLD", String.format(Locale.ROOT,
                "%s expected to finish within baseline + %.0f %% (worst +%.1f %%).",
                String.join(", ", fitting), pilot, Math.max(0.0, worstFittingIncrease)), 0.0, fitting);
    }

    /** How much the agent trusts the baseline it scales: measured with many samples > measured > declared > none. */
    private static double evidenceStrength(Baseline baseline, Opinion.Builder b) {
        if (baseline == null) {
            b.note("NO_BASELINE", "The plan has no baseline; only relative CPU capacity was compared.", "workload.baseline");
            return 0.5;
        }
        b.evidence("baseline.jobCompletionMillis", baseline.getJobCompletionMillis())
                .evidence("baseline.cpuUtilisationPercent", baseline.getCpuUtilisationPercent())
                .evidence("baseline.samples", baseline.getSamples());
        if (!baseline.getMeasured()) {
            b.note("BASELINE_DECLARED", "The baseline is declared in the plan, not measured.", "workload.baseline.measured");
            return 0.7;
        }
        if (baseline.getSamples() < SOLID_SAMPLES) {
            b.note("BASELINE_FEW_SAMPLES", "The baseline rests on " + baseline.getSamples() + " samples (fewer than "
                    + SOLID_SAMPLES + ").", "workload.baseline.samples");
            return 0.8;
        }
        return 0.95;
    }

    /** Scaling within a family is reliable; across vendor or generation it is a model's guess. */
    private static double certainty(InstanceType current, InstanceType candidate) {
        if (candidate.sameFamilyAs(current)) {
            return 1.0;
        }
        if (candidate.processor() == current.processor() && candidate.generation() == current.generation()) {
            return 0.95;
        }
        return 0.9;
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
