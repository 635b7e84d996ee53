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
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * migration-plans -> spot-assessments. A plan off the topic is outside input, so it is validated
 * again; a bad one is answered with PlanRejected, never dropped. Undecodable records, and plans the
 * analyzer cannot judge, go to dead-letters (channel config). A plan already answered is skipped
 * (see {@link SubmissionLedger}); a plan naming capacity a live plan drives is rejected (see
 * {@link LivePlanDirectory}).
 *
 * <p>Each answer is published in a Kafka transaction together with the plan's consumer offset, and
 * the ledger and the directory learn of it only after that transaction committed. When publishing
 * fails the transaction aborts, the consumer goes back to its last committed offset and the same plan
 * is judged again: a failed send never leaves a plan marked answered but unanswered.
 */
@ApplicationScoped
public class PlanAssessor {

    private static final Logger LOG = Logger.getLogger(PlanAssessor.class);
    static final String CHANNEL = "plans";

    private final Assessor assessor;
    private final MarketAdapter markets;
    private final SubmissionLedger ledger;
    private final LivePlanDirectory directory;
    private final KafkaTransactions<AssessmentEvent> assessments;
    private final KafkaClientService clients;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String producer;

    public PlanAssessor(MarketAdapter markets, SubmissionLedger ledger, LivePlanDirectory directory,
                        @Channel("assessments") KafkaTransactions<AssessmentEvent> assessments, KafkaClientService clients,
                        Clock clock, MeterRegistry meters,
                        @ConfigProperty(name = "quarkus.application.name") String name,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        this.assessor = new Assessor(clock);
        this.markets = markets;
        this.ledger = ledger;
        this.directory = directory;
        this.assessments = assessments;
        this.clients = clients;
        this.clock = clock;
        this.meters = meters;
        this.producer = name + "/" + version;
    }

    /** One plan, judged and published, before the next is looked at: the directory holds every earlier acceptance. */
    private record Judged(String planId, MigrationPlan plan, AssessmentEvent event, boolean accepted) {}

    @Incoming(CHANNEL)
    @Blocking // ordered, and the returned Uni completes only after the transaction: plans are judged strictly one after another
    public Uni<Void> assess(KafkaRecord<String, MigrationPlanSubmitted> record) {
        MigrationPlanSubmitted submitted = record.getPayload();
        meters.counter(EventMeters.IN, EventMeters.TOPIC, Topics.MIGRATION_PLANS.name(), EventMeters.TYPE, "MigrationPlanSubmitted").increment();
        try (TraceLog.Scope trace = TraceLog.of(submitted.getEnvelope())) {
            String planId = submitted.getEnvelope().getPlanId();
            try {
                if (ledger.answered(planId)) {
                    LOG.infof("plan %s (event %s) was already assessed; not assessing it twice", planId, submitted.getEnvelope().getEventId());
                    meters.counter("spotshift.analyzer.duplicates").increment();
                    return Uni.createFrom().completionStage(record.ack());
                }
                directory.catchUp();
            } catch (RuntimeException e) {
                // The broker did not answer: judging now could miss a live plan. Not a bad plan, so no dead letter.
                return redeliver(planId, "the ledger or the live-plan directory could not be read", e);
            }
            Judged judged;
            try {
                judged = judge(submitted);
            } catch (RuntimeException e) {
                return deadLetter(record, e);
            }
            return publish(record, judged);
        }
    }

    private Judged judge(MigrationPlanSubmitted submitted) {
        String planId = submitted.getEnvelope().getPlanId();
        MigrationPlan plan = submitted.getPlan();
        Assessment result = assessor.rejectBeforeMarket(plan)
                .or(() -> directory.rejection(planId, plan))
                .orElseGet(() -> assessor.assess(plan,
                        markets.markets(plan.getWorkload().getRegion(), plan.getSpot().getInstanceTypes(),
                                plan.getSpot().getTargetCapacity(), Duration.ofMillis(plan.getMarket().getPriceLookbackMillis())),
                        markets.source(plan.getWorkload().getRegion())));
        Object payload = result instanceof Assessment.Opportunity o ? o.event() : ((Assessment.Rejection) result).event();
        AssessmentEvent event = AssessmentEvent.newBuilder()
                .setEnvelope(Envelopes.answering(submitted.getEnvelope(), producer, clock))
                .setPayload(payload).build();
        return new Judged(planId, plan, event, result instanceof Assessment.Opportunity);
    }

    private Uni<Void> publish(KafkaRecord<String, MigrationPlanSubmitted> record, Judged judged) {
        String outcome = judged.event().getPayload().getClass().getSimpleName();
        return assessments.withTransaction(record, tx -> {
                    tx.send(KafkaRecord.of(judged.planId(), judged.event()));
                    return Uni.createFrom().voidItem();
                })
                .invoke(() -> {
                    // Committed: only now is the plan answered, and its group taken for the plans after it.
                    ledger.markAnswered(judged.planId());
                    if (judged.accepted()) {
                        directory.accepted(judged.planId(), judged.plan());
                    }
                    meters.counter("spotshift.analyzer.assessments", "outcome", outcome).increment();
                    meters.counter(EventMeters.OUT, EventMeters.TOPIC, Topics.SPOT_ASSESSMENTS.name(), EventMeters.TYPE, outcome).increment();
                    LOG.infof("plan %s assessed: %s", judged.planId(), outcome);
                })
                .chain(() -> Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(e -> {
                    // The abort already moved the consumer back to the last committed offset: the plan comes again.
                    meters.counter("spotshift.analyzer.publish-failures").increment();
                    LOG.warnf(e, "assessment of plan %s not published; it will be assessed again", judged.planId());
                    return Uni.createFrom().voidItem();
                });
    }

    /** A plan the analyzer cannot judge: the dead letter first, then its offset, so it is neither lost nor re-lettered. */
    private Uni<Void> deadLetter(KafkaRecord<String, MigrationPlanSubmitted> record, RuntimeException e) {
        LOG.warnf(e, "plan %s cannot be assessed; it goes to dead-letters", record.getKey());
        return Uni.createFrom().completionStage(record.nack(e))
                .chain(() -> assessments.withTransaction(record, tx -> Uni.createFrom().voidItem()))
                .onFailure().recoverWithUni(f -> {
                    LOG.warnf(f, "offset after the dead letter of plan %s not committed; it may be lettered again", record.getKey());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> redeliver(String planId, String why, RuntimeException e) {
        meters.counter("spotshift.analyzer.redeliveries").increment();
        LOG.warnf(e, "plan %s not judged yet (%s); it will be read again", planId, why);
        // A pause, so a failure that comes at once does not spin; a broker that does not answer already took the timeout.
        return clients.getConsumer(CHANNEL).resetToLastCommittedPositions().onItem().delayIt().by(Duration.ofSeconds(1));
    }
}
