package dev.spotshift.monitor.domain;

import dev.spotshift.monitor.domain.Breach.Level;
import dev.spotshift.monitor.domain.Breach.Trigger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The immediate tier (seed 000): error rate over the last minute, any job failure, any data
 * inconsistency -> everything back to on-demand. Judged on every sample as it arrives, over the
 * exact trailing window that ends at that sample.
 */
public final class ImmediateRules {

    private ImmediateRules() {}

    /** The most telling breach at {@code sample}, if any; {@code recent} are the plan's samples. */
    public static Optional<Breach> judge(Limits limits, Collection<Sample> recent, Sample sample) {
        Window window = Window.trailing(recent, sample.atMillis(), limits.errorRateWindowMillis());
        WindowStats stats = window.stats();
        if (limits.rollbackOnDataInconsistency() && sample.dataInconsistencies() > 0) {
            return Optional.of(breach(Trigger.DATA_INCONSISTENCY, window, sample,
                    List.of(Check.equalsZero("data_inconsistencies", sample.dataInconsistencies())),
                    sample.dataInconsistencies() + " data inconsistencies reported by sample " + sample.sampleId()));
        }
        Check volume = Check.atLeast("jobs_in_window", stats.jobs(), limits.minJobsForErrorRate(), null);
        Check rate = Check.atMost("error_rate_percent", stats.errorRatePercent(), limits.errorRatePercent(), null);
        if (volume.passed() && !rate.passed()) {
            return Optional.of(breach(Trigger.ERROR_RATE, window, sample, List.of(rate, volume),
                    String.format("error rate %.4f %% over %d jobs in the last %d ms exceeds %.4f %%",
                            stats.errorRatePercent(), stats.jobs(), limits.errorRateWindowMillis(), limits.errorRatePercent())));
        }
        if (limits.rollbackOnJobFailure() && sample.jobsFailed() > 0) {
            List<Check> checks = new ArrayList<>(List.of(Check.equalsZero("jobs_failed", sample.jobsFailed()), volume));
            String volumeNote = volume.passed()
                    ? ""
                    : String.format("; %d jobs in the window are below the %d needed for a rate, so the absolute failure count decided",
                            stats.jobs(), limits.minJobsForErrorRate());
            return Optional.of(breach(Trigger.JOB_FAILURE, window, sample, checks,
                    sample.jobsFailed() + " job(s) failed in sample " + sample.sampleId() + volumeNote));
        }
        return Optional.empty();
    }

    private static Breach breach(Trigger trigger, Window window, Sample sample, List<Check> checks, String reason) {
        return new Breach(trigger, Level.FULL, window.startMillis(), window.endMillis(), checks, sample.sampleId(), reason);
    }
}
