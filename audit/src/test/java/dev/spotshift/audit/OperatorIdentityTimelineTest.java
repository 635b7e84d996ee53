package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.access.OperatorProof;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The timeline says, for every operator command, whether its sender's token proved who is behind it. */
class OperatorIdentityTimelineTest {

    private static OperatorCommand abort() {
        return OperatorCommand.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder().setEventId("e-1").setPlanId("plan-1")
                        .setOccurredAt(Instant.parse("2026-12-07T14:00:00Z")).setProducer("cli/test").build())
                .setAction(OperatorAction.ABORT).setOperator("User:alice").setReason("not tonight").build();
    }

    @Test
    void givenACommandWhoseTokenProvedAliceWhenDecodedThenTheTimelineShowsHerVerifiedIdentity() {
        AuditEvent e = EventDecoder.decode(abort(), "operator-commands", 0, 7L, new OperatorProof.Verified("alice"));

        assertThat(e.summary()).startsWith("operator User:alice: ABORT (not tonight)")
                .endsWith("[identity verified: alice]");
        assertThat(e.label("identity")).isEqualTo("verified:alice");
    }

    @Test
    void givenACommandRefusedOrUncheckedWhenDecodedThenTheTimelineMarksItUnverifiedWithWhy() {
        AuditEvent refused = EventDecoder.decode(abort(), "operator-commands", 0, 7L,
                new OperatorProof.Refused("the command names operator 'User:alice' but its token is bob's", "bob"));
        AuditEvent unchecked = EventDecoder.decode(abort(), "operator-commands", 0, 7L);

        assertThat(refused.summary()).contains("[identity unverified: the command names operator 'User:alice' but its token is bob's]");
        assertThat(refused.label("identity")).isEqualTo("unverified");
        assertThat(unchecked.summary()).contains("[identity unverified: no token issuer configured for the audit]");
    }
}
