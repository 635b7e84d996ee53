package dev.spotshift.coordinator.state;

import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.state.StateSchemas;
import dev.spotshift.schemas.state.StateSerde;
import dev.spotshift.state.BallotState;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;

/**
 * The ballot store's values: {@link BallotState} in the one state format ({@link StateSerde}). Ballots stored by
 * 0.1.x (a version byte, the ballot's fields, the plan and votes as bare Avro binary) still read, once.
 */
public final class BallotSerde {

    /** The first byte of the format 0.1.x stored. */
    static final byte LEGACY_VERSION = 1;

    /*
     * The plan and vote schemas the legacy format embedded its blobs with: the ones the first state release
     * snapshotted, which is the contract the last legacy writer was built with. Reading with today's compiled
     * schemas instead would misread them after any contract change.
     */
    static final Schema LEGACY_PLAN = legacyWriter("plan");
    static final Schema LEGACY_VOTE = legacyWriter("votes").getElementType();

    private BallotSerde() {}

    private static Schema legacyWriter(String field) {
        List<Schema> released = StateSchemas.released(BallotState.class);
        Schema ballot = released.isEmpty() ? BallotState.getClassSchema() : released.get(0);
        return ballot.getField(field).schema();
    }

    public static Serde<Ballot> serde() {
        return StateSerde.of(BallotState.class, BallotSerde::toState, BallotSerde::fromState, BallotSerde::readLegacy);
    }

    static BallotState toState(Ballot b) {
        return BallotState.newBuilder().setPlanId(b.planId()).setAssessmentEventId(b.assessmentEventId())
                .setTraceparent(b.traceparent()).setPlan(b.plan()).setOpenedAtMillis(b.openedAt().toEpochMilli())
                .setDeadlineAtMillis(b.deadlineAt().toEpochMilli()).setVotes(b.votes())
                .setDecisionEventId(b.decisionEventId())
                .setDecidedAtMillis(b.decidedAt() == null ? null : b.decidedAt().toEpochMilli()).build();
    }

    static Ballot fromState(BallotState s) {
        return new Ballot(s.getPlanId(), s.getAssessmentEventId(), s.getTraceparent(), s.getPlan(),
                Instant.ofEpochMilli(s.getOpenedAtMillis()), Instant.ofEpochMilli(s.getDeadlineAtMillis()),
                s.getVotes(), s.getDecisionEventId(),
                s.getDecidedAtMillis() == null ? null : Instant.ofEpochMilli(s.getDecidedAtMillis()));
    }

    static Ballot readLegacy(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte version = in.readByte();
            if (version != LEGACY_VERSION) {
                throw new IllegalStateException("Unknown ballot format version " + version);
            }
            String planId = in.readUTF();
            String assessmentEventId = in.readUTF();
            String traceparent = in.readBoolean() ? in.readUTF() : null;
            MigrationPlan plan = AvroBinarySerde.read(MigrationPlan.class, LEGACY_PLAN, blob(in));
            Instant openedAt = Instant.ofEpochMilli(in.readLong());
            Instant deadlineAt = Instant.ofEpochMilli(in.readLong());
            int n = in.readInt();
            List<AgentVote> votes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                votes.add(AvroBinarySerde.read(AgentVote.class, LEGACY_VOTE, blob(in)));
            }
            String decisionEventId = in.readBoolean() ? in.readUTF() : null;
            long decided = in.readLong();
            return new Ballot(planId, assessmentEventId, traceparent, plan, openedAt, deadlineAt, votes,
                    decisionEventId, decided < 0 ? null : Instant.ofEpochMilli(decided));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] blob(DataInputStream in) throws IOException {
        byte[] blob = new byte[in.readInt()];
        in.readFully(blob);
        return blob;
    }
}
