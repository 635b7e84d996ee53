package dev.spotshift.coordinator.state;

import static dev.spotshift.coordinator.domain.SeedPlans.assessed;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.coordinator.domain.BallotBox;
import dev.spotshift.coordinator.domain.ResourceAgent;
import dev.spotshift.coordinator.domain.Votes;
import dev.spotshift.events.AgentVote;
import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.state.StateSchemas;
import dev.spotshift.state.BallotState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** What a restart restores from the ballot store's changelog: this format, the last released schema's, and 0.1.x's. */
class BallotSerdeTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T02:00:00Z"), ZoneOffset.UTC);
    private final Serde<Ballot> serde = BallotSerde.serde();

    @Test
    void aBallotWithAVoteReadsBackEqual() {
        Ballot withVote = ballotWithVote();

        Ballot back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", withVote));

        assertThat(back).isEqualTo(withVote);
        assertThat(back.isOpen()).isTrue();
    }

    @Test
    void aBallotWrittenWithThePreviousReleasedStateSchemaReadsWithTheCurrentOne() throws IOException {
        // Given a ballot as the latest state release stored it (its schema, its fingerprint)
        List<Schema> released = StateSchemas.released(BallotState.class);
        assertThat(released).as("released ballot schemas").isNotEmpty();
        Ballot withVote = ballotWithVote();
        byte[] stored = writtenBy(released.get(released.size() - 1), BallotSerde.toState(withVote));

        // When the current code restores it
        Ballot back = serde.deserializer().deserialize("t", stored);

        // Then it is the same ballot
        assertThat(back).isEqualTo(withVote);
    }

    @Test
    void aBallotThe01xFormatStoredStillReads() throws IOException {
        // Given a decided ballot in the format 0.1.x stored (version byte, fields, bare Avro plan and votes)
        Ballot withVote = ballotWithVote();
        Ballot decided = new Ballot(withVote.planId(), withVote.assessmentEventId(), withVote.traceparent(),
                withVote.plan(), withVote.openedAt(), withVote.deadlineAt(), withVote.votes(), "decision-1",
                Instant.parse("2026-01-01T02:05:00Z"));

        // Then the current store reads both, and rewrites them in its own format
        for (Ballot b : List.of(withVote, decided)) {
            byte[] legacy = legacyWrite(b);
            Ballot back = serde.deserializer().deserialize("t", legacy);
            assertThat(back).isEqualTo(b);
            assertThat(serde.serializer().serialize("t", back)[0]).isEqualTo((byte) 0xC3);
        }
    }

    private Ballot ballotWithVote() {
        var assessment = dev.spotshift.schemas.Envelopes.next("plan-1", "analyzer-service/0.1.0", "submission-1", clock);
        var plan = pilotPlan().build();
        BallotBox box = new BallotBox(clock);
        Ballot open = box.open(assessment, plan);
        var vote = Votes.of(new ResourceAgent(), assessment, assessed(plan), clock);
        return ((BallotBox.Counted) box.cast(open, vote)).ballot();
    }

    /** The value as a writer built with {@code released} stores it: the same data under that schema, single-object. */
    static byte[] writtenBy(Schema released, BallotState value) {
        return dev.spotshift.schemas.state.StateSchemas.writtenBy(released, value);
    }

    /** The ballot store's writer as 0.1.x had it. */
    static byte[] legacyWrite(Ballot b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(BallotSerde.LEGACY_VERSION);
        out.writeUTF(b.planId());
        out.writeUTF(b.assessmentEventId());
        nullable(out, b.traceparent());
        blob(out, asWrittenBy(BallotSerde.LEGACY_PLAN, b.plan()));
        out.writeLong(b.openedAt().toEpochMilli());
        out.writeLong(b.deadlineAt().toEpochMilli());
        out.writeInt(b.votes().size());
        for (AgentVote v : b.votes()) {
            blob(out, asWrittenBy(BallotSerde.LEGACY_VOTE, v));
        }
        nullable(out, b.decisionEventId());
        out.writeLong(b.decidedAt() == null ? -1 : b.decidedAt().toEpochMilli());
        out.flush();
        return bytes.toByteArray();
    }

    /** A record's bare Avro binary as a writer built with {@code legacy} wrote it (the contract has grown since). */
    private static byte[] asWrittenBy(Schema legacy, org.apache.avro.specific.SpecificRecord value) throws IOException {
        GenericRecord asLegacy = new GenericDatumReader<GenericRecord>(value.getSchema(), legacy)
                .read(null, DecoderFactory.get().binaryDecoder(AvroBinarySerde.write(value), null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
        new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(legacy).write(asLegacy, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private static void nullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static void blob(DataOutputStream out, byte[] blob) throws IOException {
        out.writeInt(blob.length);
        out.write(blob);
    }
}
