package dev.spotshift.analyzer;

import dev.spotshift.analyzer.domain.Assessment;
import dev.spotshift.analyzer.domain.Assessor;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.EventMeters;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.TraceLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * migration-plans -> spot-assessments. A plan off the topic is outside input, so it is validated
 * again; a bad one is answered with PlanRejected, never dropped. Undecodable records go to
 * dead-letters (channel config). A plan already answered is skipped (see {@link SubmissionLedger}).
 */
@ApplicationScoped
public class PlanAssessor {

    private static final Logger LOG = Logger.getLogger(PlanAssessor.class);

    private final Assessor assessor;
    private final MarketAdapter markets;
    private final SubmissionLedger ledger;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String producer;

    public PlanAssessor(MarketAdapter markets, SubmissionLedger ledger, Clock clock, MeterRegistry meters,
                        @ConfigProperty(name = "quarkus.application.name") String name,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        this.assessor = new Assessor(clock);
        this.markets = markets;
        this.ledger = ledger;
        this.clock = clock;
        this.meters = meters;
        this.producer = name + "/" + version;
    }

    @Incoming("plans")
    @Outgoing("assessments")
    @Blocking // ordered by default: one plan at a time per partition keeps the ledger check and the answer together
    public Record<String, AssessmentEvent> assess(MigrationPlanSubmitted submitted) {
        meters.counter(EventMeters.IN, EventMeters.TOPIC, Topics.MIGRATION_PLANS.name(), EventMeters.TYPE, "MigrationPlanSubmitted").increment();
        try (TraceLog.Scope trace = TraceLog.of(submitted.getEnvelope())) {
            return answer(submitted);
        }
    }

    private Record<String, AssessmentEvent> answer(MigrationPlanSubmitted submitted) {
        String planId = submitted.getEnvelope().getPlanId();
        if (ledger.answered(planId)) {
            LOG.infof("plan %s (event %s) was already assessed; not assessing it twice", planId, submitted.getEnvelope().getEventId());
            meters.counter("spotshift.analyzer.duplicates").increment();
            return null; // acknowledged, nothing emitted
        }
        MigrationPlan plan = submitted.getPlan();
        Assessment result = assessor.rejectBeforeMarket(plan).orElseGet(() -> assessor.assess(plan,
                markets.markets(plan.getWorkload().getRegion(), plan.getSpot().getInstanceTypes(),
                        plan.getSpot().getTargetCapacity(), Duration.ofMillis(plan.getMarket().getPriceLookbackMillis())),
                markets.source(plan.getWorkload().getRegion())));
        Object payload = result instanceof Assessment.Opportunity o ? o.event() : ((Assessment.Rejection) result).event();
        AssessmentEvent event = AssessmentEvent.newBuilder()
                .setEnvelope(Envelopes.answering(submitted.getEnvelope(), producer, clock))
                .setPayload(payload).build();
        ledger.markAnswered(planId);
        meters.counter("spotshift.analyzer.assessments", "outcome", payload.getClass().getSimpleName()).increment();
        meters.counter(EventMeters.OUT, EventMeters.TOPIC, Topics.SPOT_ASSESSMENTS.name(), EventMeters.TYPE, payload.getClass().getSimpleName()).increment();
        LOG.infof("plan %s assessed: %s", planId, payload.getClass().getSimpleName());
        return Record.of(planId, event);
    }
}
