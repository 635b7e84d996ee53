package dev.spotshift.monitor.streams;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.monitor.domain.Accounting;
import dev.spotshift.monitor.domain.BaselineFigures;
import dev.spotshift.monitor.domain.Budget;
import dev.spotshift.monitor.domain.Limits;
import dev.spotshift.monitor.domain.OpenGate;
import dev.spotshift.monitor.domain.PeriodCriteria;
import dev.spotshift.monitor.domain.PlanContext;
import dev.spotshift.monitor.domain.Review;
import dev.spotshift.monitor.domain.Sample;
import dev.spotshift.monitor.domain.ShadowTotals;
import dev.spotshift.schemas.state.StateSchemas;
import dev.spotshift.schemas.state.StateSerde;
import dev.spotshift.state.AccountingState;
import dev.spotshift.state.BaselineState;
import dev.spotshift.state.BudgetState;
import dev.spotshift.state.LimitsState;
import dev.spotshift.state.OpenGateState;
import dev.spotshift.state.PeriodCriteriaState;
import dev.spotshift.state.PlanContextState;
import dev.spotshift.state.ReviewState;
import dev.spotshift.state.SampleChunkState;
import dev.spotshift.state.SampleState;
import dev.spotshift.state.ShadowTotalsState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The monitor's four stores in the one state format ({@link StateSerde}): the domain's records mapped to their state
 * records field by field, and what earlier formats stored read by {@link LegacyState}.
 */
final class StateSerdes {

    private StateSerdes() {}

    static Serde<MigrationStatus> status() {
        return StateSerde.of(MigrationStatus.class, LegacyState::status);
    }

    static Serde<PlanContext> planContext() {
        return StateSerde.of(PlanContextState.class, StateSerdes::toState, StateSerdes::fromState,
                LegacyState::planContext);
    }

    static Serde<Sample> sample() {
        return StateSerde.of(SampleState.class, StateSerdes::toState, StateSerdes::fromState, LegacyState::sample);
    }

    /**
     * The sample store: a chunk of a plan's samples per key ({@link SampleChunk}). What the store held before chunks,
     * one sample per key (a SampleState, or an earlier format {@link LegacyState} reads), reads as a chunk of that one
     * sample; it is deleted when the window prunes it, so it is read once per restore at most.
     */
    static Serde<SampleChunk> sampleChunk() {
        StateSerde<Sample, SampleState> one = StateSerde.of(SampleState.class, StateSerdes::toState,
                StateSerdes::fromState, LegacyState::sample);
        StateSerde<SampleChunk, SampleChunkState> chunks = StateSerde.of(SampleChunkState.class, StateSerdes::toState,
                StateSerdes::fromState, bytes -> SampleChunk.stored(List.of(one.read(bytes))));
        Set<Long> oneSample = new HashSet<>();
        oneSample.add(SchemaNormalization.parsingFingerprint64(StateSchemas.current(SampleState.class)));
        StateSchemas.released(SampleState.class).forEach(s -> oneSample.add(SchemaNormalization.parsingFingerprint64(s)));
        ChunkWriter writer = new ChunkWriter(SchemaNormalization.parsingFingerprint64(
                StateSchemas.current(SampleChunkState.class)));
        return Serdes.serdeFrom((topic, chunk) -> chunk == null ? null : writer.write(chunk),
                (topic, bytes) -> bytes == null ? null
                        : StateSerde.singleObject(bytes) && bytes.length >= 10 && oneSample.contains(fingerprint(bytes))
                        ? SampleChunk.stored(List.of(one.read(bytes)))
                        : chunks.read(bytes));
    }

    /**
     * Writes a chunk as {@link StateSerde} writes a SampleChunkState, byte for byte (StateSerdesTest compares them),
     * straight from the samples: no state records in between and no Avro writer resolving the schema field by field.
     * The chunk serialiser was the largest item of the monitor's commit path (12.6 % of its thread, 2026-12-07).
     * Follows SampleChunkState.avsc and SampleState.avsc field by field: a change there must change this too.
     */
    static final class ChunkWriter {

        private final byte[] header = new byte[10];
        /** Per stream thread: the serde is shared by the tasks of every thread. */
        private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[4_096]);

        ChunkWriter(long fingerprint) {
            header[0] = (byte) 0xC3;
            header[1] = (byte) 0x01;
            ByteBuffer.wrap(header, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
        }

        byte[] write(SampleChunk chunk) {
            List<Sample> samples = chunk.samples();
            byte[] buf = scratch.get();
            // at most: header, two block counts, per sample 10 varints of <= 10 bytes, a double, a union index, the id
            int bound = 32;
            for (Sample s : samples) {
                bound += 120 + (s.sampleId() == null ? 0 : 3 * s.sampleId().length());
            }
            if (buf.length < bound) {
                buf = new byte[Math.max(bound, 2 * buf.length)];
                scratch.set(buf);
            }
            System.arraycopy(header, 0, buf, 0, header.length);
            int at = header.length;
            if (!samples.isEmpty()) {
                at = varLong(buf, at, samples.size());
                for (Sample s : samples) {
                    if (s.sampleId() == null) {
                        at = varLong(buf, at, 0);
                    } else {
                        at = varLong(buf, at, 1);
                        byte[] id = s.sampleId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        at = varLong(buf, at, id.length);
                        System.arraycopy(id, 0, buf, at, id.length);
                        at += id.length;
                    }
                    at = varLong(buf, at, s.atMillis());
                    at = varLong(buf, at, s.intervalMillis());
                    at = varLong(buf, at, s.jobsCompleted());
                    at = varLong(buf, at, s.jobsFailed());
                    at = varLong(buf, at, s.meanJobMillis());
                    long bits = Double.doubleToRawLongBits(s.cpuPercent());
                    for (int i = 0; i < 8; i++) {
                        buf[at++] = (byte) (bits >>> (8 * i));
                    }
                    at = varLong(buf, at, s.costMicros());
                    at = varLong(buf, at, s.onDemandCostMicros());
                    at = varLong(buf, at, s.spotPercent());
                    at = varLong(buf, at, s.dataInconsistencies());
                }
            }
            at = varLong(buf, at, 0); // the end of the array
            return java.util.Arrays.copyOf(buf, at);
        }

        /** Avro's zig-zag varint; an int is written as the same long. */
        private static int varLong(byte[] buf, int at, long value) {
            long n = (value << 1) ^ (value >> 63);
            while ((n & ~0x7FL) != 0) {
                buf[at++] = (byte) ((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            buf[at++] = (byte) n;
            return at;
        }
    }

    /** The writer schema's fingerprint in a single-object header (C3 01, then 8 bytes little-endian). */
    private static long fingerprint(byte[] singleObject) {
        return ByteBuffer.wrap(singleObject, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static SampleChunkState toState(SampleChunk c) {
        List<SampleState> out = new ArrayList<>(c.samples().size());
        c.samples().forEach(s -> out.add(toState(s)));
        return new SampleChunkState(out);
    }

    static SampleChunk fromState(SampleChunkState c) {
        List<Sample> out = new ArrayList<>(c.getSamples().size());
        c.getSamples().forEach(s -> out.add(fromState(s)));
        return SampleChunk.stored(out);
    }

    static Serde<OpenGate> openGate() {
        return StateSerde.of(OpenGateState.class, StateSerdes::toState, StateSerdes::fromState, LegacyState::openGate);
    }

    static PlanContextState toState(PlanContext p) {
        Limits l = p.limits();
        BaselineFigures b = p.baseline();
        Accounting a = p.accounting();
        Budget budget = p.budget();
        return PlanContextState.newBuilder()
                .setLimits(l == null ? null : LimitsState.newBuilder()
                        .setErrorRatePercent(l.errorRatePercent()).setErrorRateWindowMillis(l.errorRateWindowMillis())
                        .setMinJobsForErrorRate(l.minJobsForErrorRate())
                        .setRollbackOnJobFailure(l.rollbackOnJobFailure())
                        .setRollbackOnDataInconsistency(l.rollbackOnDataInconsistency())
                        .setDegradationPercent(l.degradationPercent())
                        .setDegradationWindowMillis(l.degradationWindowMillis())
                        .setMinCostEfficiencyPercent(l.minCostEfficiencyPercent())
                        .setCostWindowMillis(l.costWindowMillis())
                        .setGateProcessingTimeIncreasePercent(l.gateProcessingTimeIncreasePercent())
                        .setGateMaxErrorRatePercent(l.gateMaxErrorRatePercent())
                        .setMaxCpuUtilisationPercent(l.maxCpuUtilisationPercent())
                        .setReviews(l.reviews().stream().map(r -> new ReviewState(r.action(), r.metric().name(),
                                r.atMost(), r.atLeast(), r.windowMillis())).toList())
                        .build())
                .setBaseline(b == null ? null : new BaselineState(b.jobCompletionMillis(), b.errorRatePercent(),
                        b.costPerJobMicros(), b.cpuPercent(), b.measured()))
                .setTerminal(p.terminal())
                .setWatchedSinceMillis(p.watchedSinceMillis())
                .setLatestSampleMillis(p.latestSampleMillis())
                .setEpisodes(p.episodes() == null ? Map.of() : p.episodes())
                .setRecentEventIds(p.recentEventIds() == null ? List.of() : p.recentEventIds())
                .setAccounting(new AccountingState(a.spotMillis(), a.onDemandMillis(), a.costMicros(),
                        a.onDemandCostMicros(), a.jobsCompleted(), a.jobsFailed()))
                .setTraceparent(p.traceparent())
                .setBudget(budget == null ? null : new BudgetState(budget.maxPerHourMicros(), budget.maxTotalMicros(),
                        budget.warnPercent(), budget.signalled().name()))
                .build();
    }

    static PlanContext fromState(PlanContextState s) {
        LimitsState l = s.getLimits();
        Limits limits = l == null ? null : new Limits(l.getErrorRatePercent(), l.getErrorRateWindowMillis(),
                l.getMinJobsForErrorRate(), l.getRollbackOnJobFailure(), l.getRollbackOnDataInconsistency(),
                l.getDegradationPercent(), l.getDegradationWindowMillis(), l.getMinCostEfficiencyPercent(),
                l.getCostWindowMillis(), l.getGateProcessingTimeIncreasePercent(), l.getGateMaxErrorRatePercent(),
                l.getMaxCpuUtilisationPercent(), l.getReviews().stream().map(r -> new Review(r.getAction(),
                        Review.Metric.valueOf(r.getMetric()), r.getAtMost(), r.getAtLeast(), r.getWindowMillis()))
                        .toList());
        BaselineState b = s.getBaseline();
        AccountingState a = s.getAccounting();
        BudgetState budget = s.getBudget();
        return new PlanContext(limits,
                b == null ? null : new BaselineFigures(b.getJobCompletionMillis(), b.getErrorRatePercent(),
                        b.getCostPerJobMicros(), b.getCpuPercent(), b.getMeasured()),
                s.getTerminal(), s.getWatchedSinceMillis(), s.getLatestSampleMillis(),
                Collections.unmodifiableMap(new HashMap<>(s.getEpisodes())), List.copyOf(s.getRecentEventIds()),
                new Accounting(a.getSpotMillis(), a.getOnDemandMillis(), a.getCostMicros(), a.getOnDemandCostMicros(),
                        a.getJobsCompleted(), a.getJobsFailed()),
                s.getTraceparent(),
                budget == null ? null : new Budget(budget.getMaxPerHourMicros(), budget.getMaxTotalMicros(),
                        budget.getWarnPercent(), Budget.Level.valueOf(budget.getSignalled())));
    }

    static SampleState toState(Sample s) {
        return new SampleState(s.sampleId(), s.atMillis(), s.intervalMillis(), s.jobsCompleted(), s.jobsFailed(),
                s.meanJobMillis(), s.cpuPercent(), s.costMicros(), s.onDemandCostMicros(), s.spotPercent(),
                s.dataInconsistencies());
    }

    static Sample fromState(SampleState s) {
        return new Sample(s.getSampleId(), s.getAtMillis(), s.getIntervalMillis(), s.getJobsCompleted(),
                s.getJobsFailed(), s.getMeanJobMillis(), s.getCpuPercent(), s.getCostMicros(),
                s.getOnDemandCostMicros(), s.getSpotPercent(), s.getDataInconsistencies());
    }

    static OpenGateState toState(OpenGate g) {
        PeriodCriteria c = g.criteria();
        ShadowTotals t = g.shadow();
        return new OpenGateState(g.stepIndex(), g.windowStartMillis(), g.gateDueAtMillis(), g.stepStartedEventId(),
                c == null ? null : new PeriodCriteriaState(c.minJobCompletionRatePercent(),
                        c.maxProcessingTimeIncreasePercent(), c.minCostSavingsPercent()),
                t == null ? null : new ShadowTotalsState(t.samples(), t.jobsCompleted(), t.jobsFailed(),
                        t.weightedJobMillis(), t.costMicros(), t.mismatches(), t.lastSampleAtMillis(),
                        t.onDemandCostMicros()));
    }

    static OpenGate fromState(OpenGateState g) {
        PeriodCriteriaState c = g.getCriteria();
        ShadowTotalsState t = g.getShadow();
        return new OpenGate(g.getStepIndex(), g.getWindowStartMillis(), g.getGateDueAtMillis(),
                g.getStepStartedEventId(), c == null ? null : new PeriodCriteria(c.getMinJobCompletionRatePercent(),
                        c.getMaxProcessingTimeIncreasePercent(), c.getMinCostSavingsPercent()),
                t == null ? null : new ShadowTotals(t.getSamples(), t.getJobsCompleted(), t.getJobsFailed(),
                        t.getWeightedJobMillis(), t.getCostMicros(), t.getMismatches(), t.getLastSampleAtMillis(),
                        t.getOnDemandCostMicros()));
    }
}
