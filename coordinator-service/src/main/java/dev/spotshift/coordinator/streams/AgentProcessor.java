package dev.spotshift.coordinator.streams;

import dev.spotshift.coordinator.domain.Agent;
import dev.spotshift.coordinator.domain.Votes;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.schemas.TraceLog;
import dev.spotshift.schemas.streams.StreamsClock;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * Runs one agent. A failing agent writes a dead letter instead of a vote and lets the others vote:
 * the ballot then shows it as missing at the deadline rather than the whole stream stopping.
 */
final class AgentProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = Logger.getLogger(AgentProcessor.class);

    private final Agent agent;
    private final CoordinatorMetrics metrics;
    private ProcessorContext<String, Object> context;
    private Clock clock;

    AgentProcessor(Agent agent, CoordinatorMetrics metrics) {
        this.agent = agent;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.clock = new StreamsClock(context);
    }

    @Override
    public void process(Record<String, Object> record) {
        AssessmentEvent event = (AssessmentEvent) record.value();
        try (TraceLog.Scope trace = TraceLog.of(event.getEnvelope())) {
            vote(record, event);
        }
    }

    private void vote(Record<String, Object> record, AssessmentEvent event) {
        AgentVote vote;
        try {
            vote = Votes.of(agent, event.getEnvelope(), (OpportunityAssessed) event.getPayload(), clock);
        } catch (RuntimeException e) {
            LOG.errorf(e, "The %s agent failed on assessment %s", agent.kind(), event.getEnvelope().getEventId());
            DeadLetters.send(context, clock, record.key(), null, "The " + agent.kind() + " agent failed on assessment "
                    + event.getEnvelope().getEventId() + " and did not vote: " + e.getMessage(), e);
            return;
        }
        context.forward(new Record<String, Object>(record.key(), vote, clock.millis(), new RecordHeaders()),
                CoordinatorTopology.VOTES_SINK);
        metrics.voteWritten(vote);
    }
}
