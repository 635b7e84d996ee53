package dev.spotshift.monitor.streams;

import dev.spotshift.events.BaselineCaptured;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.GateScope;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.ReviewSignal;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.ValidationPeriodStarted;
import dev.spotshift.monitor.domain.Breach;
import dev.spotshift.monitor.domain.CriteriaRules;
import dev.spotshift.monitor.domain.GateJudgement;
import dev.spotshift.monitor.domain.GateRules;
import dev.spotshift.monitor.domain.OpenGate;
import dev.spotshift.monitor.domain.PlanContext;
import dev.spotshift.monitor.domain.ReviewRules;
import dev.spotshift.monitor.domain.Sample;
import dev.spotshift.monitor.domain.SampleJudge;
import dev.spotshift.monitor.domain.SampleValidation;
import dev.spotshift.monitor.domain.ShadowPhaseRules;
import dev.spotshift.monitor.domain.ShadowRules;
import dev.spotshift.monitor.domain.StatusFold;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.StreamsDeadLetters;
import dev.spotshift.schemas.streams.CachedStore;
import dev.spotshift.schemas.TraceLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Routes each decoded event of a plan to the domain and what it decides to the sinks. The plan's
 * events and its metric samples meet here on one partition (all topics are keyed by planId), so
 * the plan's status, memory and samples are read and written by one task, inside one transaction.
 */
final class MonitorProcessor implements Processor<String, Inbound, String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(MonitorProcessor.class);

    private final MonitorSettings settings;
    private final MonitorMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    /** Decoded copies of recently used plans' status and memory, written through to their stores. */
    static final int CACHED_PLANS = 2_048;

    private CachedStore<MigrationStatus> statuses;
    private CachedStore<PlanContext> plans;
    private KeyValueStore<String, OpenGate> gates;
    /**
     * The open gates of recently seen plans, decoded, and "none" remembered too: every sample asks (to keep its
     * gate's window), most plans have no gate open, and the store read was a RocksDB lookup per sample. Written
     * through with the store by this processor only; made anew at every (re)initialisation.
     */
    private java.util.LinkedHashMap<String, Optional<OpenGate>> knownGates;
    private PlanSamples samples;
    /**
     * Plans whose latest status is in the store but not yet on migration-status because only its savings
     * changed since it was last published: planId -> timestamp for the record. Flushed every status interval.
     */
    private final java.util.LinkedHashMap<String, Long> pendingStatus = new java.util.LinkedHashMap<>();

    /** Called with the planId (and the event, or null for a gate) before the domain judges it; a no-op but in tests. */
    private final java.util.function.BiConsumer<String, SpecificRecord> beforeJudging;

    MonitorProcessor(MonitorSettings settings, MonitorMetrics metrics) {
        this(settings, metrics, (planId, event) -> { });
    }

    MonitorProcessor(MonitorSettings settings, MonitorMetrics metrics,
                     java.util.function.BiConsumer<String, SpecificRecord> beforeJudging) {
        this(settings, metrics, beforeJudging, null);
    }

    /** {@code proof}: the issuer a RETRY's token must be from ({@code null}: none configured, a RETRY as written). */
    MonitorProcessor(MonitorSettings settings, MonitorMetrics metrics,
                     java.util.function.BiConsumer<String, SpecificRecord> beforeJudging,
                     dev.spotshift.schemas.access.OperatorProof proof) {
        this.settings = settings;
        this.metrics = metrics;
        this.beforeJudging = beforeJudging;
        this.proof = proof;
    }

    private final dev.spotshift.schemas.access.OperatorProof proof;
    /** Principals already logged for an unproven RETRY; cleared past this many so a flood of names costs memory once. */
    private static final java.util.Set<String> UNPROVEN_LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        // New caches on every (re)initialisation: after the task's state was wiped and restored they start from the stores.
        this.statuses = new CachedStore<>(context.getStateStore(MonitorTopology.STATUS_STORE), CACHED_PLANS);
        this.plans = new CachedStore<>(context.getStateStore(MonitorTopology.PLAN_STORE), CACHED_PLANS);
        this.gates = context.getStateStore(MonitorTopology.GATE_STORE);
        this.knownGates = new java.util.LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, Optional<OpenGate>> eldest) {
                return size() > CACHED_PLANS;
            }
        };
        this.samples = new PlanSamples(context.getStateStore(MonitorTopology.SAMPLE_STORE));
        // Wall-clock time only: stream time is the largest timestamp any input carried, so one record dated in the
        // future would close every open gate of the task early, on a partial window. A quiet stream still closes
        // its gates (no samples -> INCONCLUSIVE).
        Duration every = Duration.ofMillis(settings.gateCheckIntervalMillis());
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::closeDueGates);
        pendingStatus.clear();
        pendStoredStatuses();
        context.schedule(Duration.ofMillis(settings.statusIntervalMillis()), PunctuationType.WALL_CLOCK_TIME,
                this::flushStatuses);
    }

    @Override
    public void process(Record<String, Inbound> record) {
        // The decode step dead-letters records without a key, so the key is the planId.
        String planId = record.key();
        if (record.value().event() instanceof OperatorCommand command) {
            onOperatorCommand(planId, command, record);
            return;
        }
        Optional<String> quarantine = PlanFaults.quarantine(statuses.get(planId));
        if (quarantine.isPresent()) {
            deadLetter(record, "plan " + planId + " is quarantined, not judged: " + quarantine.get(), null, "quarantined");
            return;
        }
        try {
            SpecificRecord event = record.value().event();
            EventEnvelope envelope = Envelopes.of(event).orElseThrow();
            Optional<String> future = PlanFaults.futureDated(record.timestamp(), envelope.getOccurredAt().toEpochMilli(),
                    context.currentSystemTimeMs(), settings.maxFutureSkewMillis());
            if (future.isPresent()) {
                deadLetter(record, future.get(), null, "future-dated");
                return;
            }
            beforeJudging.accept(planId, event);
            if (event instanceof MetricSample sample) {
                onSample(planId, sample, record);
            } else {
                try (TraceLog.Scope trace = TraceLog.of(envelope)) {
                    onPlanEvent(planId, event, envelope, record.timestamp());
                }
            }
        } catch (RuntimeException e) {
            PlanFaults.rethrowIfNotThePlans(e);
            quarantine(planId, record, e);
        }
    }

    /**
     * RETRY lifts the plan's quarantine: its status is published without the QUARANTINED reason and the plan is
     * judged again from its next record, its open gate at the next gate check (at once if it fell due meanwhile).
     * The records dead-lettered while it was quarantined are re-driven by the operator (`spotshift dead-letters
     * --redrive`), after the retry. Every other action is the executor's; the monitor sees its effect on rollout-events.
     */
    private void onOperatorCommand(String planId, OperatorCommand command, Record<String, Inbound> record) {
        if (command.getAction() != OperatorAction.RETRY) {
            return;
        }
        var verdict = proof == null ? null : proof.verify(command,
                dev.spotshift.schemas.access.OperatorProof.token(record.headers()).orElse(null),
                java.time.Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (verdict instanceof dev.spotshift.schemas.access.OperatorProof.Refused refused) {
            // a RETRY nobody can be shown to have sent lifts nothing; its dead letter goes without the token header
            if (UNPROVEN_LOGGED.size() >= 10_000) {
                UNPROVEN_LOGGED.clear();
            }
            if (UNPROVEN_LOGGED.add(refused.principal())) {
                LOG.warnf("plan %s: refused a RETRY of %s: %s (logged once per principal)", planId, refused.principal(),
                        refused.reason());
            }
            deadLetter(record.withHeaders(new org.apache.kafka.common.header.internals.RecordHeaders()),
                    "operator command not proven: " + refused.reason(), null, "unproven");
            return;
        }
        MigrationStatus current = statuses.get(planId);
        Optional<String> quarantine = PlanFaults.quarantine(current);
        if (quarantine.isEmpty()) {
            LOG.infof("plan %s: RETRY by %s, but the monitor does not quarantine it", planId, command.getOperator());
            return;
        }
        long now = context.currentSystemTimeMs();
        LOG.infof("plan %s: quarantine lifted by %s (%s); it was: %s", planId, command.getOperator(),
                command.getReason(), quarantine.get());
        metrics.released();
        publish(planId, PlanFaults.released(current, now), now);
    }

    /**
     * Stops judging one plan whose record made the monitor throw, so the others go on: its status says QUARANTINED
     * and why, its open gate is kept but not judged (a verdict on a plan the monitor no longer follows would be a
     * guess) until an operator's RETRY, and the record goes to the dead letters with the exception. Later records of
     * the plan are dead letters too, kept for an operator to re-drive once the plan is released.
     */
    private void quarantine(String planId, Record<String, Inbound> record, RuntimeException e) {
        long now = context.currentSystemTimeMs();
        String why = PlanFaults.why(planId, e);
        LOG.errorf(e, "plan %s quarantined", planId);
        metrics.quarantined();
        if (record != null) {
            deadLetter(record, why, e, "quarantined");
        } else {
            // Thrown by a punctuation: no record to keep, but the reason and the exception still reach the dead letters.
            metrics.deadLettered("quarantined");
            context.forward(new Record<>(planId, (SpecificRecord) StreamsDeadLetters.of(context, planId, null, why, e, MonitorTopology.CONSUMER), now),
                    MonitorTopology.TO_DEAD_LETTERS);
        }
        MigrationStatus current;
        try {
            current = statusOf(planId, now);
        } catch (RuntimeException unreadable) {
            PlanFaults.rethrowIfNotThePlans(unreadable);
            current = StatusFold.initial(planId, now);
        }
        publish(planId, PlanFaults.quarantined(current, why, now), now);
    }

    private void deadLetter(Record<String, Inbound> record, String reason, Exception e, String kind) {
        metrics.deadLettered(kind);
        metrics.eventOut(Topics.DEAD_LETTERS.name(), "DeadLetter");
        context.forward(record.withValue((SpecificRecord) StreamsDeadLetters.of(context, record.key(), record.value().raw(), reason, e, MonitorTopology.CONSUMER)),
                MonitorTopology.TO_DEAD_LETTERS);
    }

    private void onPlanEvent(String planId, SpecificRecord event, EventEnvelope envelope, long timestamp) {
        PlanContext plan = Optional.ofNullable(plans.get(planId)).orElseGet(PlanContext::unknown);
        if (plan.seen(envelope.getEventId())) {
            return;
        }
        plan = plan.remember(envelope.getEventId()).withTrace(envelope.getTraceparent());
        long at = envelope.getOccurredAt().toEpochMilli();
        if (event instanceof MigrationDecision d && d.getOutcome() == DecisionOutcome.APPROVED) {
            var declared = d.getPlan().getWorkload().getBaseline();
            plan = plan.approved(EventMapping.limits(d.getPlan().getThresholds())
                            .withReviews(EventMapping.reviews(d.getPlan().getReviews())),
                    EventMapping.baseline(declared, declared != null && declared.getMeasured()), at);
            // A re-approval (a changed step list) keeps the level already signalled against an unchanged cap.
            var budget = EventMapping.budget(d.getPlan().getBudget());
            plan = plan.withBudget(budget == null || plan.budget() == null ? budget : budget.signalledAt(plan.budget().signalled()));
        } else if (event instanceof RolloutEvent r && r.getPayload() instanceof BaselineCaptured b) {
            plan = plan.withBaseline(EventMapping.baseline(b.getBaseline(), true));
        } else if (event instanceof RolloutEvent r && r.getPayload() instanceof RolloutStepStarted step) {
            putGate(planId, new OpenGate(step.getStepIndex(), at, step.getGateDueAt().toEpochMilli(), envelope.getEventId()));
            plan = plan.mixChanged(at, false);
        } else if (event instanceof RolloutEvent r && r.getPayload() instanceof ValidationPeriodStarted run
                && r.getStage() == MigrationStage.SHADOW) {
            // The shadow run: its shadow samples are summed in this gate, judged once when it ends.
            putGate(planId, OpenGate.shadowPhase(at, run.getEndsAt().toEpochMilli(), envelope.getEventId()));
        } else if (event instanceof RolloutEvent r && r.getPayload() instanceof ValidationPeriodStarted period) {
            // Replaces no step gate (the last one closed before the period began); samples from here on are kept.
            putGate(planId, OpenGate.validationPeriod(at, period.getEndsAt().toEpochMilli(), envelope.getEventId(),
                    EventMapping.criteria(period.getCriteria())));
        } else if (event instanceof RolloutEvent r && r.getPayload() instanceof RolledBack) {
            // The step this gate judged no longer runs; samples before the rollback describe another mix.
            deleteGate(planId);
            plan = plan.mixChanged(at, true);
        }
        MigrationStatus status = StatusFold.fold(statusOf(planId, at), event, envelope.getEventId(), at);
        if (status.getTerminal()) {
            plan = plan.ended();
            deleteGate(planId);
            samples.forget(planId);
        }
        plans.put(planId, plan);
        publish(planId, status, timestamp);
    }

    private void onSample(String planId, MetricSample metric, Record<String, Inbound> record) {
        Sample sample = EventMapping.sample(metric);
        Optional<String> problem = SampleValidation.problem(sample);
        PlanContext plan = plans.get(planId);
        if (problem.isEmpty() && plan != null && plan.live()) {
            problem = SampleValidation.lateness(sample, plan.latestSampleMillis(), plan.limits().longestWindowMillis());
        }
        if (problem.isPresent()) {
            deadLetter(record, problem.get(), null, "invalid-sample");
            return;
        }
        if (metric.getShadow() && plan != null && plan.live()) {
            onShadowSample(planId, plan, sample, metric, record);
            return;
        }
        if (plan == null || !plan.live() || metric.getShadow() || samples.contains(planId, sample)) {
            metrics.sampleIgnored();
            return;
        }
        samples.add(planId, sample);
        List<Sample> recent = samples.of(planId); // one copy for every rule below: nothing is added before pruning
        SampleJudge.Outcome outcome = SampleJudge.judge(planId, plan, recent, sample);
        metrics.sampleJudged();
        metrics.commandSuppressed(outcome.suppressed());
        MigrationStatus status = statusOf(planId, sample.atMillis());
        for (Breach breach : outcome.commands()) {
            // Answers the sample, but in the plan's trace: samples come from outside it (CloudWatch, simulator).
            String trace = plan.traceparent() != null ? plan.traceparent() : metric.getEnvelope().getTraceparent();
            RollbackCommand command = EventMapping.rollbackCommand(planId, breach, Envelopes.inTrace(trace, planId,
                    settings.producer(), metric.getEnvelope().getEventId(), wallClock()));
            context.forward(record.withValue((SpecificRecord) command), MonitorTopology.TO_ROLLBACK_COMMANDS);
            metrics.commandEmitted(breach.level().name(), breach.trigger().name());
            metrics.eventOut(Topics.ROLLBACK_COMMANDS.name(), "RollbackCommand");
            try (TraceLog.Scope scope = TraceLog.of(command.getEnvelope())) {
                LOG.infof("plan %s: %s breach, rollback %s ordered", planId, breach.trigger(), breach.level());
            }
            status = StatusFold.fold(status, command, command.getEnvelope().getEventId(), sample.atMillis());
        }
        PlanContext next = outcome.context();
        boolean reviewed = false;
        for (ReviewRules.Signal signal : ReviewRules.judge(next.limits().reviews(), next.baseline(), recent,
                sample, next.watchedSinceMillis(), StatusFold.openReviews(status))) {
            String trace = plan.traceparent() != null ? plan.traceparent() : metric.getEnvelope().getTraceparent();
            ReviewSignal review = EventMapping.reviewSignal(signal, Envelopes.inTrace(trace, planId, settings.producer(),
                    metric.getEnvelope().getEventId(), wallClock()));
            context.forward(record.withValue((SpecificRecord) review), MonitorTopology.TO_REVIEW_SIGNALS);
            metrics.eventOut(Topics.REVIEW_SIGNALS.name(), "ReviewSignal");
            LOG.infof("plan %s: review %s", planId, signal.reason());
            status = StatusFold.fold(status, review, review.getEnvelope().getEventId(), sample.atMillis());
            reviewed = true;
        }
        OpenGate gate = gate(planId);
        long keepFrom = sample.atMillis() - next.limits().longestWindowMillis();
        // A shadow run's gate keeps sums, not serving samples: it holds none back.
        samples.pruneBefore(planId, gate == null || gate.shadowPhase() ? keepFrom
                : Math.min(keepFrom, gate.windowStartMillis()));
        plans.put(planId, next);
        status = StatusFold.withAccounting(status, next.accounting(), next.baseline(),
                metric.getEnvelope().getEventId(), sample.atMillis());
        if (outcome.budget() != null) {
            status = StatusFold.withBudget(status, next.budget(), outcome.budget());
        }
        if (outcome.budgetNews()) {
            metrics.budgetSignalled(outcome.budget().level().name());
            LOG.infof("plan %s: budget %s: %s", planId, outcome.budget().level(), outcome.budget().reason());
        }
        if (outcome.commands().isEmpty() && !reviewed && !outcome.budgetNews()) {
            publishLater(planId, status, record.timestamp());
        } else {
            publish(planId, status, record.timestamp());
        }
    }

    /**
     * A shadow run's sample: counted into the run's gate (its criteria are judged over the whole run when it ends),
     * and its compared outputs judged at once (a mismatch orders the full rollback, once per plan);
     * it serves no one, so it stays out of the plan's window, accounts and reviews.
     */
    private void onShadowSample(String planId, PlanContext plan, Sample sample, MetricSample metric,
                                Record<String, Inbound> record) {
        var mismatches = EventMapping.mismatches(metric);
        OpenGate run = gate(planId);
        if (run != null && run.shadowPhase()) {
            OpenGate counted = run.counting(sample, mismatches.size());
            if (counted != run) {
                putGate(planId, counted);
            }
        }
        Optional<Breach> breach = ShadowRules.judge(plan.limits(), sample, mismatches);
        if (breach.isEmpty() || plan.fullRollbackOrdered() || plan.episodeOpen(breach.get().trigger())) {
            metrics.sampleIgnored();
            return;
        }
        metrics.sampleJudged();
        PlanContext next = plan.episodeOpened(breach.get(), breach.get().commandId(planId));
        String trace = plan.traceparent() != null ? plan.traceparent() : metric.getEnvelope().getTraceparent();
        RollbackCommand command = EventMapping.rollbackCommand(planId, breach.get(), Envelopes.inTrace(trace, planId,
                settings.producer(), metric.getEnvelope().getEventId(), wallClock()));
        context.forward(record.withValue((SpecificRecord) command), MonitorTopology.TO_ROLLBACK_COMMANDS);
        metrics.commandEmitted(breach.get().level().name(), breach.get().trigger().name());
        metrics.eventOut(Topics.ROLLBACK_COMMANDS.name(), "RollbackCommand");
        try (TraceLog.Scope scope = TraceLog.of(command.getEnvelope())) {
            LOG.infof("plan %s: %s in the shadow run, rollback %s ordered: %s", planId, breach.get().trigger(),
                    breach.get().level(), breach.get().reason());
        }
        plans.put(planId, next);
        MigrationStatus status = StatusFold.fold(statusOf(planId, sample.atMillis()), command,
                command.getEnvelope().getEventId(), sample.atMillis());
        publish(planId, status, record.timestamp());
    }

    /** Emits exactly one verdict per open gate, then forgets the gate. */
    private void closeDueGates(long now) {
        java.util.List<KeyValue<String, OpenGate>> due = new java.util.ArrayList<>();
        try (KeyValueIterator<String, OpenGate> all = gates.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.dueAt(now, settings.gateGraceMillis())) {
                    due.add(kv);
                }
            });
        }
        for (KeyValue<String, OpenGate> kv : due) {
            String planId = kv.key;
            if (PlanFaults.quarantine(statuses.get(planId)).isPresent()) {
                // Kept, not judged: a RETRY judges it at the next check.
                continue;
            }
            try {
                closeGate(planId, kv.value, now);
                deleteGate(planId);
            } catch (RuntimeException e) {
                // One plan's failed judgement must not keep the other plans' gates open.
                PlanFaults.rethrowIfNotThePlans(e);
                quarantine(planId, null, e);
            }
        }
    }

    private void closeGate(String planId, OpenGate gate, long now) {
        PlanContext plan = plans.get(planId);
        if (plan == null || !plan.live()) {
            return;
        }
        beforeJudging.accept(planId, null);
        GateJudgement judgement = gate.shadowPhase()
                ? ShadowPhaseRules.judge(plan.limits(), plan.baseline(), gate)
                : gate.validationPeriod()
                ? CriteriaRules.judge(gate.criteria(), plan.baseline(), gate, samples.of(planId))
                : GateRules.judge(plan.limits(), plan.baseline(), gate, samples.of(planId));
        GateScope scope = gate.shadowPhase() ? GateScope.SHADOW_PHASE
                : gate.validationPeriod() ? GateScope.VALIDATION_PERIOD : GateScope.STEP;
        GateVerdict verdict = EventMapping.gateVerdict(judgement, scope, Envelopes.inTrace(plan.traceparent(), planId, settings.producer(),
                gate.stepStartedEventId(), wallClock()));
        context.forward(new Record<>(planId, (SpecificRecord) verdict, now), MonitorTopology.TO_GATE_VERDICTS);
        metrics.verdictEmitted(judgement.result().name());
        metrics.eventOut(Topics.GATE_VERDICTS.name(), "GateVerdict");
        publish(planId, StatusFold.fold(statusOf(planId, now), verdict, verdict.getEnvelope().getEventId(), now), now);
    }

    private OpenGate gate(String planId) {
        Optional<OpenGate> known = knownGates.get(planId);
        if (known == null) {
            known = Optional.ofNullable(gates.get(planId));
            knownGates.put(planId, known);
        }
        return known.orElse(null);
    }

    private void putGate(String planId, OpenGate gate) {
        gates.put(planId, gate);
        knownGates.put(planId, Optional.of(gate));
    }

    private void deleteGate(String planId) {
        gates.delete(planId);
        knownGates.put(planId, Optional.empty());
    }

    private MigrationStatus statusOf(String planId, long at) {
        MigrationStatus s = statuses.get(planId);
        return s != null ? s : StatusFold.initial(planId, at);
    }

    /** Stores the status and publishes it now: every change but a savings-only one. */
    private void publish(String planId, MigrationStatus status, long timestamp) {
        statuses.put(planId, status);
        pendingStatus.remove(planId);
        forwardStatus(planId, status, timestamp);
    }

    /**
     * Stores a savings-only change (the store, and so the status endpoint and a restart, always have the latest)
     * and leaves its publication to the next flush, or to an earlier {@link #publish} of the same plan, which
     * carries the same savings.
     */
    private void publishLater(String planId, MigrationStatus status, long timestamp) {
        statuses.put(planId, status);
        pendingStatus.put(planId, timestamp);
    }

    /**
     * What was pending when this task last stopped (a restart, a rebalance, a wiped and restored state) is not
     * known, so the first flush after (re)initialisation publishes every non-terminal plan's stored status once:
     * the latest savings are never left unpublished, and migration-status is compacted, so a repeat is harmless.
     * Terminal statuses were published when they were stored. A new task's store is empty: nothing to do.
     */
    private void pendStoredStatuses() {
        try (KeyValueIterator<String, MigrationStatus> all = statuses.store().all()) {
            all.forEachRemaining(kv -> {
                if (kv.value != null && !kv.value.getTerminal()) {
                    pendingStatus.put(kv.key, kv.value.getUpdatedAt().toEpochMilli());
                }
            });
        }
    }

    /** Publishes each pending plan's latest status once. */
    private void flushStatuses(long now) {
        if (pendingStatus.isEmpty()) {
            return;
        }
        java.util.Map<String, Long> due = new java.util.LinkedHashMap<>(pendingStatus);
        pendingStatus.clear();
        for (java.util.Map.Entry<String, Long> e : due.entrySet()) {
            MigrationStatus latest = statuses.get(e.getKey());
            if (latest != null) {
                forwardStatus(e.getKey(), latest, e.getValue());
            }
        }
    }

    private void forwardStatus(String planId, MigrationStatus status, long timestamp) {
        context.forward(new Record<>(planId, (SpecificRecord) status, timestamp), MonitorTopology.TO_MIGRATION_STATUS);
        metrics.eventOut(Topics.MIGRATION_STATUS.name(), "MigrationStatus");
    }

    private Clock wallClock() {
        return Clock.fixed(Instant.ofEpochMilli(context.currentSystemTimeMs()), ZoneOffset.UTC);
    }
}
