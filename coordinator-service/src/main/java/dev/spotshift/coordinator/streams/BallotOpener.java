package dev.spotshift.coordinator.streams;

import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.schemas.TraceLog;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * Opens a ballot for each new {@code OpportunityAssessed} and only then hands it to the agents, so a
 * repeated assessment finds its ballot and asks nobody twice. A {@code PlanRejected} needs no vote.
 */
final class BallotOpener extends BallotProcessor<AssessmentEvent> {

    private static final Logger LOG = Logger.getLogger(BallotOpener.class);

    private final List<String> agentProcessors;
    private final CoordinatorMetrics metrics;

    BallotOpener(Deserializer<AssessmentEvent> deserializer, List<String> agentProcessors, CoordinatorMetrics metrics,
                 java.util.function.BiConsumer<String, Object> beforeJudging) {
        super(dev.spotshift.schemas.Topics.SPOT_ASSESSMENTS, deserializer, beforeJudging);
        this.agentProcessors = agentProcessors;
        this.metrics = metrics;
    }

    @Override
    void process(Record<String, byte[]> record, AssessmentEvent event) {
        metrics.assessmentRead(event.getPayload().getClass().getSimpleName());
        try (TraceLog.Scope trace = TraceLog.of(event.getEnvelope())) {
            open(record, event);
        }
    }

    private void open(Record<String, byte[]> record, AssessmentEvent event) {
        if (!(event.getPayload() instanceof OpportunityAssessed assessed)) {
            return;
        }
        String planId = event.getEnvelope().getPlanId();
        if (!planId.equals(record.key())) {
            // The ballot and the votes meet on the partition of the planId; another key would split them.
            DeadLetters.send(context, clock, record.key(), record.value(),
                    "Assessment " + event.getEnvelope().getEventId() + " is keyed " + record.key() + ", not by its planId " + planId, null);
            return;
        }
        Ballot existing = ballots.get(planId);
        if (existing != null) {
            if (!existing.assessmentEventId().equals(event.getEnvelope().getEventId())) {
                DeadLetters.send(context, clock, planId, record.value(), "Plan " + planId + " already has a ballot, opened by assessment "
                        + existing.assessmentEventId() + "; assessment " + event.getEnvelope().getEventId() + " is not voted on again.", null);
            } else {
                LOG.debugf("Repeated assessment %s for plan %s ignored", event.getEnvelope().getEventId(), planId);
            }
            return;
        }
        ballots.put(planId, box.open(event.getEnvelope(), assessed.getPlan()));
        LOG.infof("ballot opened for plan %s", planId);
        for (String agent : agentProcessors) {
            context.forward(new Record<String, Object>(planId, event, record.timestamp(), new RecordHeaders()), agent);
        }
    }
}
