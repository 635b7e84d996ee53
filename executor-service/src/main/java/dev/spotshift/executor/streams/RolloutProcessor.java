package dev.spotshift.executor.streams;

import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.executor.domain.Command;
import dev.spotshift.executor.domain.EarlyWaveEnds;
import dev.spotshift.executor.domain.Input;
import dev.spotshift.executor.domain.PlanIndex;
import dev.spotshift.executor.domain.ReaperSettings;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.executor.domain.Transition;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.TraceLog;
import dev.spotshift.schemas.streams.CachedStore;
import dev.spotshift.schemas.streams.StreamsDeadLetters;
import dev.spotshift.schemas.streams.Transience;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Runs the rollout state machine for the plans of this task: loads the plan's state, applies the input, forwards
 * what the transition decided (rollout events, checkpoint requests, cloud commands) and stores the state once. It
 * never calls the cloud: cloud commands are carried out by the actuator outside this transaction, and their
 * outcomes come back on {@code cloud-outcomes} like any other input.
 * A wall-clock punctuator fires due timers and carries the global kill switch to every plan; it finds those plans
 * in a {@link PlanIndex} kept beside the store, not by decoding every stored state each tick.
 * Time is the task's system time, which TopologyTestDriver lets a test move.
 */
final class RolloutProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(RolloutProcessor.class);
    /** Bound on chained inputs/timers in one go; a machine that loops is a bug, not a reason to hang the thread. */
    private static final int MAX_CHAIN = 50;
    /** Decoded states kept per task: every plan of a task up to this many, the least recently used beyond. */
    static final int MAX_DECODED = 10_000;

    private final RolloutMachine machine;
    private final String deploymentId;
    private final ExecutorMetrics metrics;
    private final Duration tick;
    private final String producer;
    private ProcessorContext<String, SpecificRecord> context;
    /**
     * Plans' states as this processor last read or wrote them, so a record for a plan does not decode it again; only
     * this processor writes the store. Made anew on {@link #init}, which follows every restore.
     */
    private CachedStore<RolloutState> states;
    /** planId -> its decision's traceparent, read on every record: kept in memory as the states are. */
    private CachedStore<String> traces;
    private KillSwitchView killSwitch;
    /**
     * The store's plans as the punctuator needs them; {@code null} until the first punctuation after {@link #init}
     * builds it from the store as it is then (restored after a restart or a rebalance), then kept by {@link #save}.
     */
    private PlanIndex index;
    /** planId -> ends of its wave-before migrations read before its decision (tab-separated lines). */
    private KeyValueStore<String, String> waveEnds;
    private final ReaperJudge reaper;
    private final Quarantines quarantines;
    /** Gate deadlines wait until then: a gate grace after this task's first punctuation since (re)initialisation. */
    private Instant gateDeadlinesNotBefore;

    RolloutProcessor(RolloutMachine machine, String deploymentId, ExecutorMetrics metrics, Duration tick,
                     String producer, ReaperSettings reaper) {
        this.reaper = new ReaperJudge(reaper, deploymentId, producer, metrics);
        this.quarantines = new Quarantines(producer);
        this.machine = machine;
        this.deploymentId = deploymentId;
        this.metrics = metrics;
        this.tick = tick;
        this.producer = producer;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = new CachedStore<>(context.getStateStore(RolloutTopology.STATE_STORE), MAX_DECODED);
        this.traces = new CachedStore<>(context.getStateStore(RolloutTopology.TRACE_STORE), MAX_DECODED);
        this.killSwitch = new KillSwitchView(context, metrics);
        this.waveEnds = context.getStateStore(RolloutTopology.WAVE_STORE);
        quarantines.init(context.getStateStore(RolloutTopology.QUARANTINE_STORE));
        // a task revived after corruption is initialised again: its store was restored anew
        this.index = null;
        // A verdict that came while this task was down (or unassigned) waits in gate-verdicts behind the position the
        // task restarts from: a deadline that falls due before the task has had a gate grace to read it must wait, or
        // a plan would hold (or roll back) on GATE_VERDICT_MISSING with its verdict unread in the backlog.
        // Counted from the first punctuation: the task's cached system time is not reliably set at init.
        this.gateDeadlinesNotBefore = null;
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
        if (reaper.settings().enabled()) {
            reaper.init(context.getStateStore(RolloutTopology.REAPER_STORE), context.taskId().partition());
            context.schedule(reaper.settings().every(), PunctuationType.WALL_CLOCK_TIME,
                    timestamp -> reaper.sweep(Instant.ofEpochMilli(timestamp)));
        }
    }

    /**
     * The reaper's records (census sightings, termination outcomes): judged beside the plan's state, which they
     * only read, so a sighting of an unknown plan's instance never creates one.
     */
    private void reap(Record<String, SpecificRecord> record) {
        Instant now = now();
        try {
            for (SpecificRecord out : reaper.handle(record.key(), (dev.spotshift.events.CloudOutcome) record.value(),
                    load(record.key()), now)) {
                context.forward(new Record<>(record.key(), out, now.toEpochMilli()));
            }
        } catch (RuntimeException e) {
            if (Transience.failsTheStream(e)) {
                throw e;
            }
            LOG.errorf(e, "plan %s: reaper record could not be judged", record.key());
            context.forward(record.withValue(deadLetter(record, null, e)));
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            // Every input is keyed by its plan: a keyless record or a tombstone names no plan to act on.
            context.forward(new Record<>(record.key(), deadLetter(record, record.key() == null
                    ? "no key: every input must be keyed by its planId" : "a tombstone is no event", null), record.timestamp()));
            return;
        }
        context.recordMetadata().ifPresent(m -> metrics.received(m.topic(), record.value().getClass().getSimpleName()));
        if (ReaperJudge.concerns(record.value())) {
            reap(record);
            return;
        }
        Instant now = now();
        String planId = record.key();
        String traceparent = planTrace(planId, record.value());
        if (record.value() instanceof OperatorCommand o && o.getAction() == dev.spotshift.events.OperatorAction.RETRY) {
            retry(planId, o, now);
            return;
        }
        Optional<String> quarantined = quarantines.why(planId);
        try (TraceLog.Scope trace = TraceLog.of(traceparent)) {
            Optional<Input> input = InboundMapping.toInput(record.value());
            if (input.isEmpty()) {
                metrics.ignored(record.value().getClass().getSimpleName());
                LOG.infof("ignored %s for plan %s: nothing the executor acts on",
                        record.value().getClass().getSimpleName(), planId);
                return;
            }
            if (quarantined.isPresent() && !(input.get() instanceof Input.OperatorActed a
                    && a.action() == dev.spotshift.executor.domain.OperatorAction.ABORT)) {
                // Kept, not applied: once the quarantine is lifted an operator can replay it from the dead letters.
                metrics.ignored(record.value().getClass().getSimpleName());
                context.forward(record.withValue(deadLetter(record, "plan " + planId + " is quarantined ("
                        + quarantined.get() + "): not applied until an operator's RETRY", null)));
                return;
            }
            RolloutState stored = load(planId);
            // read once per record: each read of the global store decodes the switch again
            KillSwitch killSwitchNow = killSwitch.current();
            RolloutState state = followKillSwitch(planId, stored, killSwitchNow, now);
            state = run(planId, state, input.get(), now, traceparent, record);
            state = waveEnds(planId, stored, state, input.get(), now, traceparent);
            state = followKillSwitch(planId, state, killSwitchNow, now);
            if (state != stored) {
                // An ignored input (a metric sample while shifting) hands back the very state it was given: writing it
                // again would only encode it and add an identical changelog record to the transaction.
                save(planId, state);
            }
            if (quarantined.isPresent()) {
                // ABORT went through: the plan is handled again so its way back to on-demand can finish
                quarantines.forget(planId);
            }
        } catch (RuntimeException e) {
            if (Transience.failsTheStream(e)) {
                throw e; // the registry or the broker, not the record: the replaced thread reads it again
            }
            // One plan's bad event must not stop every plan of the task: keep it, with why, stop handling that plan
            // until an operator says RETRY, and go on with the others.
            LOG.errorf(e, "plan %s: %s could not be processed", planId, record.value().getClass().getSimpleName());
            context.forward(record.withValue(deadLetter(record, null, e)));
            if (quarantined.isEmpty()) {
                quarantine(planId, e, Envelopes.of(record.value()).map(EventEnvelope::getEventId).orElse(null), traceparent, now);
            }
        }
    }

    /** Stops handling the plan and says why (no quarantine store: a test's processor, which only logs). */
    private void quarantine(String planId, RuntimeException e, String causeId, String traceparent, Instant now) {
        if (!quarantines.enabled()) {
            return;
        }
        RolloutState current = loadOrNone(planId);
        String why = "executor stopped handling plan " + planId + ": " + dev.spotshift.schemas.DeadLetters.describe(e);
        LOG.errorf("plan %s quarantined: %s", planId, why);
        context.forward(new Record<>(planId, quarantines.quarantine(planId, current, why, causeId, traceparent, now),
                now.toEpochMilli()));
    }

    /** An operator's RETRY: the quarantine lifted and the plan handled again (its timers fire at the next tick). */
    private void retry(String planId, OperatorCommand o, Instant now) {
        Optional<String> was = quarantines.why(planId);
        if (was.isEmpty()) {
            metrics.ignored("RETRY");
            LOG.infof("plan %s: RETRY by %s ignored: the plan is not quarantined", planId, o.getOperator());
            return;
        }
        RolloutState state = loadOrNone(planId);
        LOG.infof("plan %s: quarantine lifted by %s", planId, o.getOperator());
        context.forward(new Record<>(planId, quarantines.lift(planId, state, o, was.get(), now), now.toEpochMilli()));
    }

    /**
     * The plan's trace, kept from its decision: a step a timer starts, or a rollback a metric sample or the
     * kill switch caused, still belongs to the trace that began with the submission.
     */
    private String planTrace(String planId, SpecificRecord input) {
        String kept = planId == null ? null : traces.get(planId);
        String own = Envelopes.of(input).map(EventEnvelope::getTraceparent).orElse(null);
        if (kept == null && input instanceof MigrationDecision && own != null) {
            traces.put(planId, own);
            return own;
        }
        return kept != null ? kept : own;
    }

    /** The record kept with why, by the one dead-letter builder; its value as text (it decoded: no raw bytes here). */
    private SpecificRecord deadLetter(Record<String, SpecificRecord> record, String reason, RuntimeException e) {
        return StreamsDeadLetters.of(context, record.key(), record.value() == null ? null
                : record.value().toString().getBytes(StandardCharsets.UTF_8), reason, e, RolloutTopology.CONSUMER);
    }

    private void punctuate(long timestamp) {
        Instant now = Instant.ofEpochMilli(timestamp);
        if (gateDeadlinesNotBefore == null) {
            gateDeadlinesNotBefore = now.plusMillis(machine.settings().gateGraceMillis());
        }
        PlanIndex plans = index();
        Map<Stage, Long> stages = plans.stages();
        // live plans whose timer is due or which have not followed the switch as it is now, in key order
        KillSwitch killSwitchNow = killSwitch.current();
        List<String> due = plans.due(now, KillSwitchView.engaged(killSwitchNow));
        for (String planId : due) {
            if (quarantines.why(planId).isPresent()) {
                continue; // its timers wait for an operator's RETRY
            }
            try {
                RolloutState loaded = load(planId);
                RolloutState state = followKillSwitch(planId, loaded, killSwitchNow, now);
                for (int i = 0; i < MAX_CHAIN && state != null && !state.stage().terminal()
                        && state.fires(now, gateDeadlinesNotBefore); i++) {
                    state = run(planId, state, new Input.Tick(gateDeadlinesNotBefore), now, traces.get(planId), null);
                }
                if (state != loaded) {
                    // a plan whose only due timer is a held-back gate deadline is looked at every tick, unchanged
                    save(planId, state);
                }
            } catch (RuntimeException e) {
                if (Transience.failsTheStream(e)) {
                    throw e;
                }
                // One plan's timer that throws must not keep the others' from firing, nor be tried every tick forever.
                metrics.ignored("Tick");
                LOG.errorf(e, "plan %s: its due timers could not be fired", planId);
                String trace = traces.get(planId);
                RolloutState current = states.cached(planId);
                quarantine(planId, e, current == null ? null : current.causeId(), trace, now);
            }
        }
        metrics.stages(stages);
    }

    /** Ends of the wave before that came ahead of the plan's decision: kept, then applied after it ({@link EarlyWaveEnds}). */
    private RolloutState waveEnds(String planId, RolloutState stored, RolloutState state, Input input, Instant now,
                                  String traceparent) {
        if (waveEnds == null) {
            return state;
        }
        if (EarlyWaveEnds.kept(input, stored)) {
            waveEnds.put(planId, EarlyWaveEnds.add(waveEnds.get(planId), (Input.WaveFinished) input));
        } else if (EarlyWaveEnds.due(input, stored, state)) {
            String kept = waveEnds.get(planId);
            if (kept != null) {
                waveEnds.delete(planId);
                for (Input.WaveFinished end : EarlyWaveEnds.read(kept)) {
                    state = run(planId, state, end, now, traceparent, null);
                }
            }
        }
        return state;
    }

    /** Applies one input and forwards what the transition decided, in order. */
    private RolloutState run(String planId, RolloutState state, Input input, Instant now, String traceparent,
                             Record<String, SpecificRecord> record) {
        Transition t = machine.apply(state, input, now);
        if (!t.applied()) {
            metrics.ignored(input.getClass().getSimpleName());
            if (!(input instanceof Input.MetricObserved || input instanceof Input.Tick)) {
                LOG.infof("plan %s: ignored %s: %s", planId, input.getClass().getSimpleName(), t.ignoredReason());
            }
            if (input instanceof Input.CloudAnswered && record != null) {
                // An outcome nobody waits for (unknown, or a second copy) is kept with why, never applied.
                context.forward(record.withValue(deadLetter(record, t.ignoredReason(), null)));
            }
        }
        String cause = t.state() == null ? null : t.state().causeId();
        for (Command command : t.commands()) {
            execute(planId, command, now, traceparent, t.state(), cause);
        }
        return t.state();
    }

    private void execute(String planId, Command command, Instant now, String traceparent, RolloutState state,
                         String cause) {
        if (command instanceof Command.CloudAction action) {
            metrics.cloudCommand(action.getClass().getSimpleName());
            context.forward(new Record<>(planId, CloudCommandMapping.toCommand(planId, action,
                    !state.plan().touchesCapacity(), deploymentId, now, producer, cause, traceparent),
                    now.toEpochMilli()));
            return;
        }
        if (command instanceof Command.RequestCheckpoint c) {
            context.forward(new Record<>(planId, OutboundMapping.toCommand(planId, c, now, producer, traceparent),
                    now.toEpochMilli()));
            return;
        }
        Command.Publish publish = (Command.Publish) command;
        metrics.published(publish.payload());
        RolloutEvent event = OutboundMapping.toEvent(planId, publish, now, producer, traceparent,
                state == null ? null : state.plan().wave());
        metrics.published(event);
        context.forward(new Record<>(planId, event, now.toEpochMilli()));
    }

    /** The switch is global: every plan is told once about each change, whichever input comes first. */
    private RolloutState followKillSwitch(String planId, RolloutState state, KillSwitch current, Instant now) {
        if (state == null || state.stage().terminal()) {
            return state;
        }
        if (KillSwitchView.engaged(current) == state.killSwitchEngaged() || current == null) {
            return state;
        }
        String trace = traces.get(planId);
        return run(planId, state, InboundMapping.killSwitch(current), now,
                trace != null ? trace : current.getEnvelope().getTraceparent(), null);
    }

    /** Every write of the store goes through here, so the index stays what a scan of the store would say. */
    private void save(String planId, RolloutState state) {
        if (state != null) {
            states.put(planId, state);
            if (index != null) {
                index.put(planId, state);
            }
        }
    }

    /** The plan's stored state ({@code null}: none), decoded once. */
    private RolloutState load(String planId) {
        return states.get(planId);
    }

    /** As {@link #load}, a state that cannot be read taken as none: what a quarantine's own event says of the plan. */
    private RolloutState loadOrNone(String planId) {
        try {
            return load(planId);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private PlanIndex index() {
        if (index == null) {
            PlanIndex built = new PlanIndex();
            try (KeyValueIterator<String, RolloutState> all = states.store().all()) {
                built.rebuild(put -> all.forEachRemaining(kv -> put.accept(kv.key, kv.value)));
            }
            index = built;
            LOG.debugf("task %s: indexed %d plans", context.taskId(), built.size());
        }
        return index;
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
