package dev.spotshift.cli;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanIds;
import dev.spotshift.schemas.plan.Submission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Turns a valid plan file into one submission event per workload. */
public final class Submissions {

    public static final String PRODUCER = "spotshift-cli/0.1.0";

    private Submissions() {}

    /**
     * The idempotency key is the one given, else the file's own {@code id:}; with a key the planIds
     * are derived from it, so resubmitting the same file names the same migrations.
     */
    public static List<MigrationPlanSubmitted> of(ParsedPlans parsed, String idempotencyKey, String submittedBy,
                                                  SubmissionChannel channel, String planSource, Clock clock) {
        if (!parsed.valid()) {
            throw new IllegalArgumentException("an invalid plan is not submitted: " + parsed.errors());
        }
        String key = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : parsed.documentId();
        Submission submission = new Submission(key, submittedBy, channel, planSource, PRODUCER);
        List<MigrationPlanSubmitted> out = new ArrayList<>();
        List<String> planIds = parsed.plans().stream()
                .map(plan -> PlanIds.planId(key, plan.getName(), plan.getWorkload().getName())).toList();
        List<MigrationPlan> linked = dev.spotshift.schemas.plan.Waves.link(parsed.plans(), planIds);
        for (int i = 0; i < linked.size(); i++) {
            out.add(submission.event(planIds.get(i), linked.get(i), null, clock));
        }
        return out;
    }
}
