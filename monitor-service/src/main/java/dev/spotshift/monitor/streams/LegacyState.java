package dev.spotshift.monitor.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.monitor.domain.OpenGate;
import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.state.StateSchemas;
import dev.spotshift.monitor.domain.Accounting;
import dev.spotshift.monitor.domain.BaselineFigures;
import dev.spotshift.monitor.domain.Budget;
import dev.spotshift.monitor.domain.Limits;
import dev.spotshift.monitor.domain.Review;
import dev.spotshift.monitor.domain.PlanContext;
import dev.spotshift.monitor.domain.Sample;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Readers of the formats the monitor's stores held before the one state format ({@link StateSerdes}): the compact
 * binary of 0.1.x (a version byte, then the fields in order), the JSON before it (starts with '{'), and the status
 * store's bare Avro binary. Read once after a deploy; the next write of the key stores the new format.
 */
final class LegacyState {

    static final byte V1 = 1;
    private static final byte JSON_START = '{';
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LegacyState() {}

    static PlanContext planContext(byte[] bytes) {
        return isJson(bytes) ? json(bytes, PlanContext.class) : binary(bytes, LegacyState::readPlan);
    }

    static Sample sample(byte[] bytes) {
        return isJson(bytes) ? json(bytes, Sample.class) : binary(bytes, LegacyState::readSample);
    }

    static OpenGate openGate(byte[] bytes) {
        return json(bytes, OpenGate.class);
    }

    /** The status store's bare Avro, read with the schema the first state release snapshotted (its last writer's). */
    static MigrationStatus status(byte[] bytes) {
        List<Schema> released = StateSchemas.released(MigrationStatus.class);
        return AvroBinarySerde.read(MigrationStatus.class,
                released.isEmpty() ? MigrationStatus.getClassSchema() : released.get(0), bytes);
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static boolean isJson(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == JSON_START;
    }

    private static <T> T json(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T binary(byte[] bytes, Reader<T> reader) {
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

    static Sample readSample(DataInputStream in) throws IOException {
        return new Sample(readString(in), in.readLong(), in.readLong(), in.readInt(), in.readInt(), in.readLong(),
                in.readDouble(), in.readLong(), in.readLong(), in.readInt(), in.readInt());
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
