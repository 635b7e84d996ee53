package dev.spotshift.coordinator.streams;

import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.coordinator.domain.BallotBox.Cast;
import dev.spotshift.coordinator.domain.BallotBox.Counted;
import dev.spotshift.coordinator.domain.BallotBox.Ignored;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.schemas.TraceLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.jboss.logging.Logger;

/**
 * Counts votes into the ballots and writes each decision once. Deadlines are closed by a wall-clock
 * punctuator, so a plan whose agents went silent is still decided with no further input.
 */
final class BallotCounter extends BallotProcessor<AgentVote> {

    private static final Logger LOG = Logger.getLogger(BallotCounter.class);

    private final Duration checkInterval;
    private final Duration retention;
    private final CoordinatorMetrics metrics;

    BallotCounter(Deserializer<AgentVote> deserializer, Duration checkInterval, Duration retention,
                  CoordinatorMetrics metrics, java.util.function.BiConsumer<String, Object> beforeJudging) {
        super(dev.spotshift.schemas.Topics.AGENT_VOTES, deserializer, beforeJudging);
        this.metrics = metrics;
        this.checkInterval = checkInterval;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        super.init(context);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, now -> closeDueBallots());
    }

    @Override
    void process(Record<String, byte[]> record, AgentVote vote) {
        metrics.voteRead();
        String planId = vote.getEnvelope().getPlanId();
        Ballot ballot = ballots.get(planId);
        // A vote that arrives after the deadline but before the punctuator ran is late all the same.
        var expired = box.expire(ballot);
        if (expired.isPresent()) {
            ballot = record(planId, expired.get());
        }
        Cast cast = box.cast(ballot, vote);
        if (cast instanceof Counted counted) {
            record(planId, counted);
        } else if (cast instanceof Ignored ignored) {
            DeadLetters.send(context, clock, record.key(), record.value(),
                    ignored.reason().getCode() + ": " + ignored.reason().getMessage(), null);
        }
    }

    /**
     * Scans the task's ballots: plans are few (one per migration) and closed ones are forgotten after
     * the retention, so a scan per interval is cheaper than keeping a second index by deadline.
     */
    private void closeDueBallots() {
        List<KeyValue<String, Ballot>> due = new ArrayList<>();
        List<String> forgettable = new ArrayList<>();
        try (KeyValueIterator<String, Ballot> all = ballots.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.isDue(clock.instant())) {
                    due.add(kv);
                } else if (kv.value.isForgettable(clock.instant(), retention)) {
                    forgettable.add(kv.key);
                }
            });
        }
        // One plan whose ballot cannot be closed must not keep the others' deadlines from closing.
        due.forEach(kv -> forPlan(kv.key, kv.value, () -> box.expire(kv.value).ifPresent(c -> record(kv.key, c))));
        forgettable.forEach(ballots::delete);
    }

    private Ballot record(String planId, Counted counted) {
        ballots.put(planId, counted.ballot());
        counted.decision().ifPresent(this::emit);
        return counted.ballot();
    }

    private void emit(MigrationDecision decision) {
        context.forward(new Record<String, Object>(decision.getEnvelope().getPlanId(), decision, clock.millis(),
                new RecordHeaders()), CoordinatorTopology.DECISIONS_SINK);
        metrics.decisionWritten(decision);
        try (TraceLog.Scope trace = TraceLog.of(decision.getEnvelope())) {
            LOG.infof("plan %s decided: %s (%s)", decision.getEnvelope().getPlanId(), decision.getOutcome(),
                    decision.getDecidedBy());
        }
    }
}
