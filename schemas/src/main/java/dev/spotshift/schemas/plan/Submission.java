package dev.spotshift.schemas.plan;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.Envelopes;
import java.time.Clock;

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
}
