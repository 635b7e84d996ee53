package dev.spotshift.bridge;

import dev.spotshift.bridge.domain.LivePlan;
import dev.spotshift.bridge.domain.SampleAssembly;
import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.ShadowMismatchLog;
import java.time.Instant;
import java.util.List;

/**
 * A shadow sample's mismatches named: CloudWatch counts the jobs whose outputs differed, the workload's records in
 * the plan's checkpoint location ({@link ShadowMismatchLog}) say which and with what checksums, so the monitor's
 * data-inconsistency rollback can name them. The records are read from where the plan's last published shadow sample
 * ended, not only over this sample's window: a mismatch in an interval the bridge had no shadow sample for (the
 * shadow capacity not yet listed, a late datapoint) is not lost, it rides on the next shadow sample.
 */
final class ShadowNames {

    private ShadowNames() {
    }

    /**
     * The sample with the records stamped in [{@code from}, {@code to}), its count at least their number; unchanged
     * when it is no sample or its plan has no checkpoint location.
     */
    static SampleAssembly.Result named(CheckpointStore store, LivePlan plan, Instant from, Instant to,
                                       SampleAssembly.Result shadow) {
        if (!(shadow instanceof SampleAssembly.Sample sample) || plan.checkpointLocation() == null
                || plan.groupName() == null) {
            return shadow;
        }
        List<ShadowMismatchLog.Mismatch> named = ShadowMismatchLog.read(store, plan.checkpointLocation(),
                plan.groupName(), from, to);
        return named.isEmpty() ? shadow : new SampleAssembly.Sample(sample.figures().withMismatches(named));
    }
}
