package dev.spotshift.schemas.plan;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.Envelopes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Who submits plans and through what: the one place the event on migration-plans is built, so its two writers (the
 * CLI and the analyzer's REST intake) cannot drift apart.
 *
 * @param producer the envelope's producer (service and version)
 */
public record Submission(String idempotencyKey, String submittedBy, SubmissionChannel channel, String planSource,
                         String producer) {

    /** The event for one workload's plan, inside the caller's trace (a new trace when it is null or malformed). */
    public MigrationPlanSubmitted event(String planId, MigrationPlan plan, String traceparent, Clock clock) {
        return MigrationPlanSubmitted.newBuilder()
                .setEnvelope(Envelopes.inTrace(traceparent, planId, producer, null, clock))
                .setIdempotencyKey(idempotencyKey)
                .setSubmittedBy(submittedBy)
                .setChannel(channel)
                .setPlanSource(planSource)
                .setPlan(plan)
                .build();
    }

    /**
     * The events for every plan of a parsed file, in file order, each in a new trace: planIds derived from the
     * idempotency key (so resubmitting the same file names the same migrations) and the waves linked by them.
     */
    public List<MigrationPlanSubmitted> events(ParsedPlans parsed, Clock clock) {
        if (!parsed.valid()) {
            throw new IllegalArgumentException("an invalid plan is not submitted: " + parsed.errors());
        }
        List<String> planIds = parsed.plans().stream()
                .map(plan -> PlanIds.planId(idempotencyKey, plan.getName(), plan.getWorkload().getName())).toList();
        List<MigrationPlan> linked = Waves.link(parsed.plans(), planIds);
        List<MigrationPlanSubmitted> out = new ArrayList<>();
        for (int i = 0; i < linked.size(); i++) {
            out.add(event(planIds.get(i), linked.get(i), null, clock));
        }
        return out;
    }
}
