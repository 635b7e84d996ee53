package dev.spotshift.analyzer.domain;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.events.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a workload belongs on spot at all (seed 001 criteria): it must tolerate interruption
 * and have no real-time requirement; stateless is preferred, so a stateful one needs somewhere to
 * checkpoint its state inside the two-minute notice.
 */
public final class Eligibility {

    private Eligibility() {}

    public static List<Reason> failures(MigrationPlan plan) {
        Workload w = plan.getWorkload();
        List<Reason> out = new ArrayList<>();
        if (!w.getInterruptionTolerant()) {
            out.add(CandidateScorer.reason("NOT_INTERRUPTION_TOLERANT",
                    w.getName() + " does not tolerate interruption; spot can reclaim an instance with two minutes' notice",
                    "workload.interruptionTolerant"));
        }
        if (w.getRealTimeRequirement()) {
            out.add(CandidateScorer.reason("REAL_TIME_REQUIREMENT",
                    w.getName() + " has a real-time requirement; an interruption would break it", "workload.realTimeRequirement"));
        }
        if (!w.getStateless() && plan.getCheckpoint().getLocation() == null) {
            out.add(CandidateScorer.reason("STATEFUL_WITHOUT_CHECKPOINT",
                    w.getName() + " keeps state but the plan has no checkpoint.location to save it to", "checkpoint.location"));
        }
        return out;
    }
}
