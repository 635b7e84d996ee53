package dev.spotshift.schemas.state;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.state.BallotState;
import dev.spotshift.state.OpenGateState;
import dev.spotshift.state.PlanContextState;
import dev.spotshift.state.PlanRolloutState;
import dev.spotshift.state.ReapingState;
import dev.spotshift.state.SampleChunkState;
import dev.spotshift.state.SampleState;
import dev.spotshift.schemas.AvroBinarySerde;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The services' state-store records and every schema a release wrote them with. Released snapshots live in
 * {@code schemas/src/main/released-state/<version>/<Record>.avsc} (listed in {@code releases.txt}) and ship on the
 * classpath, so a store restored from a changelog an earlier release wrote finds its writer's schema by fingerprint.
 */
public final class StateSchemas {

    /** Every record a state store holds; a new store's record belongs here so the evolution check sees it. */
    public static final List<Class<? extends SpecificRecord>> ALL = List.of(BallotState.class,
            PlanContextState.class, SampleState.class, SampleChunkState.class, OpenGateState.class, ReapingState.class, PlanRolloutState.class,
            MigrationStatus.class);

    static final String RESOURCES = "/dev/spotshift/state/released/";
    public static final String RELEASES_FILE = "releases.txt";

    private StateSchemas() {}

    public static Schema current(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }

    /** The file a release snapshot keeps {@code type}'s schema in. */
    public static String fileName(Class<? extends SpecificRecord> type) {
        return current(type).getName() + ".avsc";
    }

    /** The releases with state snapshots, oldest first. */
    public static List<String> releases() {
        try (InputStream in = StateSchemas.class.getResourceAsStream(RESOURCES + RELEASES_FILE)) {
            if (in == null) {
                return List.of();
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schemas released versions wrote {@code type} with (none for a record no release had yet). */
    public static List<Schema> released(Class<? extends SpecificRecord> type) {
        List<Schema> out = new ArrayList<>();
        for (String release : releases()) {
            try (InputStream in = StateSchemas.class.getResourceAsStream(RESOURCES + release + "/" + fileName(type))) {
                if (in != null) {
                    out.add(new Schema.Parser().parse(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * {@code value} as the latest release's writer would have stored it: resolved to that release's schema and encoded
     * with its fingerprint. What a restore after an upgrade reads; the stores' compatibility tests write with it.
     *
     * @throws IllegalStateException when no release has a snapshot of the value's record yet
     */
    public static byte[] writtenByLatestRelease(SpecificRecord value) {
        @SuppressWarnings("unchecked")
        List<Schema> all = released((Class<? extends SpecificRecord>) value.getClass());
        if (all.isEmpty()) {
            throw new IllegalStateException("no state release has a snapshot of " + value.getSchema().getFullName());
        }
        return writtenBy(all.get(all.size() - 1), value);
    }

    /** {@code value} as a writer built with {@code release} stores it: the same data under that schema, single-object. */
    public static byte[] writtenBy(Schema release, SpecificRecord value) {
        try {
            GenericRecord asReleased = new GenericDatumReader<GenericRecord>(value.getSchema(), release)
                    .read(null, DecoderFactory.get().binaryDecoder(AvroBinarySerde.write(value), null));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new BinaryMessageEncoder<GenericRecord>(GenericData.get(), release).encode(asReleased, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
