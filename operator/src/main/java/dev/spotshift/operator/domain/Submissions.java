package dev.spotshift.operator.domain;

import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.Submission;
import java.time.Clock;
import java.util.List;

/**
 * A MigrationPlan resource's valid spec as submission events, one per workload. The idempotency key is the resource's
 * uid and generation: a reconcile repeated for the same generation names the same migrations (the analyzer answers
 * each once), a changed spec is a new generation and so new migrations, and a resource deleted and created again
 * under the same name is a new uid.
 */
public final class Submissions {

    public static final String PRODUCER = "spotshift-operator/0.1.0";

    private Submissions() {}

    public static String key(String uid, long generation) {
        return "k8s:" + uid + ":" + generation;
    }

    /** {@code namespace/name}, as kubectl names a resource. */
    public static String resource(String namespace, String name) {
        return namespace + "/" + name;
    }

    public static List<MigrationPlanSubmitted> of(ParsedPlans parsed, String key, String resource, long generation,
                                                  Clock clock) {
        // The one builder of the event the CLI and the analyzer's intake use too; a reconcile starts a new trace.
        return new Submission(key, "kubernetes:MigrationPlan/" + resource, SubmissionChannel.OTHER_CHANNEL,
                "MigrationPlan " + resource + " generation " + generation, PRODUCER).events(parsed, clock);
    }

    /**
     * The abort a deleted resource's live migration gets, in the shape the CLI's {@code spotshift abort} sends, naming
     * {@code operator} (the plan operator's token subject, which the executor checks) or, without one, the resource.
     */
    public static OperatorCommand abort(String planId, String resource, String operator, Clock clock) {
        return OperatorCommand.newBuilder()
                .setEnvelope(Envelopes.next(planId, PRODUCER, null, clock))
                .setAction(OperatorAction.ABORT)
                .setGateStepIndex(null)
                .setOperator(operator != null ? operator : "kubernetes:MigrationPlan/" + resource)
                .setReason("MigrationPlan " + resource + " was deleted")
                .build();
    }
}
