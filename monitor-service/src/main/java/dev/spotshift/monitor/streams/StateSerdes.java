package dev.spotshift.monitor.streams;

import dev.spotshift.monitor.domain.Accounting;
import dev.spotshift.monitor.domain.BaselineFigures;
import dev.spotshift.monitor.domain.Budget;
import dev.spotshift.monitor.domain.Limits;
import dev.spotshift.monitor.domain.Review;
import dev.spotshift.monitor.domain.PlanContext;
import dev.spotshift.monitor.domain.Sample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary for the monitor's per-sample state (a plan's memory and its samples): written on every
 * sample, so Jackson's reflection and text were a visible share of the stream thread. The first byte is a
 * format version; JSON written by earlier versions of this code starts with '{' and still reads (through
 * {@link JsonSerde}), so a restored changelog from before this format is understood.
 */
final class StateSerdes {

    static final byte V1 = 1;
    private static final byte JSON_START = '{';

    private StateSerdes() {}

    static Serde<PlanContext> planContext() {
        return new Binary<>(PlanContext.class, StateSerdes::writePlan, StateSerdes::readPlan);
    }

    static Serde<Sample> sample() {
        return new Binary<>(Sample.class, StateSerdes::writeSample, StateSerdes::readSample);
    }

    interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static final class Binary<T> implements Serde<T> {
        private final Writer<T> writer;
        private final Reader<T> reader;
        private final JsonSerde<T> legacy;

        Binary(Class<T> type, Writer<T> writer, Reader<T> reader) {
            this.writer = writer;
            this.reader = reader;
            this.legacy = new JsonSerde<>(type);
        }

        @Override
        public Serializer<T> serializer() {
            return (topic, value) -> value == null ? null : encode(value);
        }

        @Override
        public Deserializer<T> deserializer() {
            Deserializer<T> json = legacy.deserializer();
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                if (bytes.length > 0 && bytes[0] == JSON_START) {
                    return json.deserialize(topic, bytes);
                }
                return decode(bytes);
            };
        }

        byte[] encode(T value) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(V1);
                writer.write(value, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        T decode(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                byte version = in.readByte();
                if (version != V1) {
                    throw new IllegalStateException("unknown state format " + version);
                }
                return reader.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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

    private static Long readNullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    static PlanContext readPlan(DataInputStream in) throws IOException {
        Limits limits = null;
        if (in.readBoolean()) {
            limits = new Limits(in.readDouble(), in.readLong(), in.readInt(), in.readBoolean(), in.readBoolean(),
                    in.readDouble(), in.readLong(), in.readDouble(), in.readLong(), in.readDouble(), in.readDouble(),
                    in.readDouble());
        }
        BaselineFigures baseline = null;
        if (in.readBoolean()) {
            baseline = new BaselineFigures(in.readLong(), in.readDouble(), in.readLong(), in.readDouble(),
                    in.readBoolean());
        }
        boolean terminal = in.readBoolean();
        long watchedSince = in.readLong();
        long latestSample = in.readLong();
        int n = in.readInt();
        Map<String, String> episodes = new HashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            episodes.put(readString(in), readString(in));
        }
        int m = in.readInt();
        List<String> ids = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            ids.add(readString(in));
        }
        Accounting accounting = new Accounting(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong());
        String traceparent = readString(in);
        // The count is written even without limits: read it whenever it is there, so what follows it lines up.
        if (in.available() > 0) {
            int k = in.readInt();
            List<Review> reviews = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                String action = readString(in);
                Review.Metric metric = Review.Metric.valueOf(in.readUTF());
                boolean atMost = in.readBoolean();
                double bound = in.readDouble();
                reviews.add(new Review(action, metric, atMost ? bound : null, atMost ? null : bound, in.readLong()));
            }
            limits = limits == null ? null : limits.withReviews(reviews);
        }
        Budget budget = null;
        if (in.available() > 0 && in.readBoolean()) {
            budget = new Budget(readNullableLong(in), readNullableLong(in), in.readDouble(),
                    Budget.Level.values()[in.readByte()]);
        }
        return new PlanContext(limits, baseline, terminal, watchedSince, latestSample, java.util.Collections.unmodifiableMap(episodes),
                java.util.Collections.unmodifiableList(ids), accounting, traceparent, budget);
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

    static Sample readSample(DataInputStream in) throws IOException {
        return new Sample(readString(in), in.readLong(), in.readLong(), in.readInt(), in.readInt(), in.readLong(),
                in.readDouble(), in.readLong(), in.readLong(), in.readInt(), in.readInt());
    }

    /** Null-safe modified UTF-8 (any Java string, up to 64 KiB encoded). */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
