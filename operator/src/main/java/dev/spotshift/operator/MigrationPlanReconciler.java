package dev.spotshift.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.operator.crd.MigrationPlanResource;
import dev.spotshift.operator.crd.MigrationPlanStatus;
import dev.spotshift.operator.domain.Conditions;
import dev.spotshift.operator.domain.SpecCheck;
import dev.spotshift.operator.domain.StatusMirror;
import dev.spotshift.operator.domain.Submissions;
import dev.spotshift.operator.kafka.EventPublisher;
import dev.spotshift.operator.kafka.StatusBoard;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.ParsedPlans;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A MigrationPlan's reconcile: a new generation is checked with the plan parser and, when valid, submitted to
 * migration-plans (nothing is published for an invalid one: its located errors go to the {@code Valid} condition);
 * then the status mirrors migration-status. While a migration is live the resource is looked at again every
 * {@code spotshift.operator.status-interval} (a scheduled re-evaluation: the status follows the board, and an unchanged
 * status is not written). Deleting a resource whose migration is live publishes an abort first (the finalizer holds
 * the deletion until it is on the broker).
 */
@jakarta.enterprise.context.ApplicationScoped
public class MigrationPlanReconciler implements Reconciler<MigrationPlanResource>, Cleaner<MigrationPlanResource> {

    private static final Logger LOG = Logger.getLogger(MigrationPlanReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventPublisher publisher;
    private final StatusBoard board;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();
    // What the operator did with the resources it saw: the alert on refused specs and the dashboard read these.
    private final Counter submitted;
    private final Counter refused;
    private final Counter aborted;

    public MigrationPlanReconciler(EventPublisher publisher, StatusBoard board,
                                   @ConfigProperty(name = "spotshift.operator.status-interval") Duration interval,
                                   MeterRegistry meters) {
        this.publisher = publisher;
        this.board = board;
        this.interval = interval;
        this.submitted = Counter.builder("spotshift.operator.specs").tag("outcome", "submitted")
                .description("MigrationPlan generations checked and published to migration-plans").register(meters);
        this.refused = Counter.builder("spotshift.operator.specs").tag("outcome", "invalid")
                .description("MigrationPlan generations refused with located errors, nothing published").register(meters);
        this.aborted = Counter.builder("spotshift.operator.aborts")
                .description("ABORTs sent for live migrations whose MigrationPlan was deleted").register(meters);
    }

    @Override
    public UpdateControl<MigrationPlanResource> reconcile(MigrationPlanResource plan, Context<MigrationPlanResource> context)
            throws Exception {
        MigrationPlanStatus before = plan.getStatus() == null ? new MigrationPlanStatus() : plan.getStatus();
        MigrationPlanStatus status = JSON.readValue(JSON.writeValueAsString(before), MigrationPlanStatus.class);
        long generation = plan.getMetadata().getGeneration() == null ? 0 : plan.getMetadata().getGeneration();
        if (!Objects.equals(status.observedGeneration, generation)) {
            submit(plan, status, generation);
        }
        StatusMirror.mirror(status, board::latest);
        boolean live = !status.planIds.isEmpty() && !StatusMirror.allEnded(status, board.all());
        if (JSON.valueToTree(status).equals(JSON.valueToTree(before)) && plan.getStatus() != null) {
            return live ? UpdateControl.<MigrationPlanResource>noUpdate().rescheduleAfter(interval)
                    : UpdateControl.noUpdate();
        }
        plan.setStatus(status);
        UpdateControl<MigrationPlanResource> update = UpdateControl.patchStatus(plan);
        return live ? update.rescheduleAfter(interval) : update;
    }

    private void submit(MigrationPlanResource plan, MigrationPlanStatus status, long generation) throws Exception {
        String resource = Submissions.resource(plan.getMetadata().getNamespace(), plan.getMetadata().getName());
        JsonNode spec = plan.getSpec();
        @SuppressWarnings("unchecked")
        Map<String, Object> specMap = spec == null || !spec.isObject() ? null : JSON.convertValue(spec, Map.class);
        ParsedPlans parsed = SpecCheck.parse(plan.getMetadata().getName(), specMap,
                spec == null ? null : JSON.writeValueAsString(spec));
        status.observedGeneration = generation;
        if (!parsed.valid()) {
            List<String> errors = new ArrayList<>(SpecCheck.located(parsed));
            if (parsed.omittedErrors() > 0) {
                errors.add("(" + parsed.omittedErrors() + " more)");
            }
            status.planIds = new ArrayList<>();
            status.conditions = Conditions.set(status.conditions, Conditions.VALID, false, "InvalidSpec",
                    String.join("; ", errors), generation, clock);
            status.conditions = Conditions.set(status.conditions, Conditions.SUBMITTED, false, "InvalidSpec",
                    "not submitted: the spec has " + parsed.errorCount() + " error(s)", generation, clock);
            LOG.infof("MigrationPlan %s generation %d is invalid, not submitted: %s", resource, generation, errors);
            refused.increment();
            return;
        }
        List<MigrationPlanSubmitted> events = Submissions.of(parsed,
                Submissions.key(plan.getMetadata().getUid(), generation), resource, generation, clock);
        for (MigrationPlanSubmitted e : events) {
            publisher.send(Topics.MIGRATION_PLANS, e.getEnvelope().getPlanId(), e);
        }
        status.planIds = events.stream().map(e -> e.getEnvelope().getPlanId()).toList();
        status.conditions = Conditions.set(status.conditions, Conditions.VALID, true, "Valid",
                "plan '" + parsed.planName() + "', " + events.size() + " workload(s)", generation, clock);
        status.conditions = Conditions.set(status.conditions, Conditions.SUBMITTED, true, "Published",
                "on migration-plans: " + String.join(", ", status.planIds), generation, clock);
        LOG.infof("MigrationPlan %s generation %d submitted: %s", resource, generation, status.planIds);
        submitted.increment();
    }

    @Override
    public DeleteControl cleanup(MigrationPlanResource plan, Context<MigrationPlanResource> context) {
        if (plan.getStatus() == null || plan.getStatus().planIds.isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        if (!board.caughtUp()) {
            // Until migration-status is read whole, a finished migration could look live.
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(interval.toMillis());
        }
        String resource = Submissions.resource(plan.getMetadata().getNamespace(), plan.getMetadata().getName());
        for (String planId : plan.getStatus().planIds) {
            MigrationStatus s = board.latest(planId);
            if (s == null || !s.getTerminal()) {
                publisher.send(Topics.OPERATOR_COMMANDS, planId, Submissions.abort(planId, resource,
                        publisher.commandIdentity().orElse(null), clock));
                LOG.infof("MigrationPlan %s deleted: ABORT sent for its live migration %s", resource, planId);
                aborted.increment();
            }
        }
        return DeleteControl.defaultDelete();
    }
}
