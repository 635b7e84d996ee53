package dev.spotshift.monitor.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotshift.monitor.domain.Accounting;
import dev.spotshift.monitor.domain.BaselineFigures;
import dev.spotshift.monitor.domain.Budget;
import dev.spotshift.monitor.domain.Limits;
import dev.spotshift.monitor.domain.PlanContext;
import dev.spotshift.monitor.domain.Review;
import dev.spotshift.monitor.domain.Sample;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The monitor's store writers as 0.1.x had them: its compact binary, and the JSON before it. */
final class LegacyWriters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LegacyWriters() {}

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] binary(PlanContext p) {
        return binary(out -> writePlan(p, out));
    }

    static byte[] binary(Sample s) {
        return binary(out -> writeSample(s, out));
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] binary(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(LegacyState.V1);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void writePlan(PlanContext p, DataOutputStream out) throws IOException {
        Limits l = p.limits();
        out.writeBoolean(l != null);
        if (l != null) {
            out.writeDouble(l.errorRatePercent());
            out.writeLong(l.errorRateWindowMillis());
            out.writeInt(l.minJobsForErrorRate());
            out.writeBoolean(l.rollbackOnJobFailure());
            out.writeBoolean(l.rollbackOnDataInconsistency());
            out.writeDouble(l.degradationPercent());
            out.writeLong(l.degradationWindowMillis());
            out.writeDouble(l.minCostEfficiencyPercent());
            out.writeLong(l.costWindowMillis());
            out.writeDouble(l.gateProcessingTimeIncreasePercent());
            out.writeDouble(l.gateMaxErrorRatePercent());
            out.writeDouble(l.maxCpuUtilisationPercent());
        }
        BaselineFigures b = p.baseline();
        out.writeBoolean(b != null);
        if (b != null) {
            out.writeLong(b.jobCompletionMillis());
            out.writeDouble(b.errorRatePercent());
            out.writeLong(b.costPerJobMicros());
            out.writeDouble(b.cpuPercent());
            out.writeBoolean(b.measured());
        }
        out.writeBoolean(p.terminal());
        out.writeLong(p.watchedSinceMillis());
        out.writeLong(p.latestSampleMillis());
        Map<String, String> episodes = p.episodes() == null ? Map.of() : p.episodes();
        out.writeInt(episodes.size());
        for (Map.Entry<String, String> e : episodes.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        List<String> ids = p.recentEventIds() == null ? List.of() : p.recentEventIds();
        out.writeInt(ids.size());
        for (String id : ids) {
            writeString(out, id);
        }
        Accounting a = p.accounting();
        out.writeLong(a.spotMillis());
        out.writeLong(a.onDemandMillis());
        out.writeLong(a.costMicros());
        out.writeLong(a.onDemandCostMicros());
        out.writeLong(a.jobsCompleted());
        out.writeLong(a.jobsFailed());
        writeString(out, p.traceparent());
        // Appended last: a state written before review rules existed simply ends here (read back as none).
        List<Review> reviews = l == null ? List.of() : l.reviews();
        out.writeInt(reviews.size());
        for (Review r : reviews) {
            writeString(out, r.action());
            out.writeUTF(r.metric().name());
            out.writeBoolean(r.atMost() != null);
            out.writeDouble(r.atMost() != null ? r.atMost() : r.atLeast());
            out.writeLong(r.windowMillis());
        }
        // Appended: a state written before budgets ends here and reads back without one.
        Budget budget = p.budget();
        out.writeBoolean(budget != null);
        if (budget != null) {
            writeNullableLong(out, budget.maxPerHourMicros());
            writeNullableLong(out, budget.maxTotalMicros());
            out.writeDouble(budget.warnPercent());
            out.writeByte(budget.signalled().ordinal());
        }
    }

    private static void writeNullableLong(DataOutputStream out, Long v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    static void writeSample(Sample s, DataOutputStream out) throws IOException {
        writeString(out, s.sampleId());
        out.writeLong(s.atMillis());
        out.writeLong(s.intervalMillis());
        out.writeInt(s.jobsCompleted());
        out.writeInt(s.jobsFailed());
        out.writeLong(s.meanJobMillis());
        out.writeDouble(s.cpuPercent());
        out.writeLong(s.costMicros());
        out.writeLong(s.onDemandCostMicros());
        out.writeInt(s.spotPercent());
        out.writeInt(s.dataInconsistencies());
    }

    /** Null-safe modified UTF-8 (any Java string, up to 64 KiB encoded). */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }
}
