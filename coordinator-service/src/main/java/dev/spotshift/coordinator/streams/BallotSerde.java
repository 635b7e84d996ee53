package dev.spotshift.coordinator.streams;

import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.schemas.AvroBinarySerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The ballot store's value format: a version byte, the ballot's own fields, and the plan and votes
 * as Avro binary (their schemas evolve compatibly, so old ballots stay readable after an upgrade
 * that only adds fields with defaults).
 */
public final class BallotSerde implements Serde<Ballot> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<Ballot> serializer() {
        return (topic, ballot) -> ballot == null ? null : write(ballot);
    }

    @Override
    public Deserializer<Ballot> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(Ballot b) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeUTF(b.planId());
            out.writeUTF(b.assessmentEventId());
            writeNullable(out, b.traceparent());
            writeBlob(out, AvroBinarySerde.write(b.plan()));
            out.writeLong(b.openedAt().toEpochMilli());
            out.writeLong(b.deadlineAt().toEpochMilli());
            out.writeInt(b.votes().size());
            for (AgentVote v : b.votes()) {
                writeBlob(out, AvroBinarySerde.write(v));
            }
            writeNullable(out, b.decisionEventId());
            out.writeLong(b.decidedAt() == null ? -1 : b.decidedAt().toEpochMilli());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Ballot read(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("Unknown ballot format version " + version);
            }
            String planId = in.readUTF();
            String assessmentEventId = in.readUTF();
            String traceparent = readNullable(in);
            MigrationPlan plan = AvroBinarySerde.read(MigrationPlan.class, readBlob(in));
            Instant openedAt = Instant.ofEpochMilli(in.readLong());
            Instant deadlineAt = Instant.ofEpochMilli(in.readLong());
            int n = in.readInt();
            List<AgentVote> votes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                votes.add(AvroBinarySerde.read(AgentVote.class, readBlob(in)));
            }
            String decisionEventId = readNullable(in);
            long decided = in.readLong();
            return new Ballot(planId, assessmentEventId, traceparent, plan, openedAt, deadlineAt, votes,
                    decisionEventId, decided < 0 ? null : Instant.ofEpochMilli(decided));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeBlob(DataOutputStream out, byte[] blob) throws IOException {
        out.writeInt(blob.length);
        out.write(blob);
    }

    private static byte[] readBlob(DataInputStream in) throws IOException {
        byte[] blob = new byte[in.readInt()];
        in.readFully(blob);
        return blob;
    }
}
