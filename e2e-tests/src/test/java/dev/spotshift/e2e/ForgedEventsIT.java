package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Exemplars;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.Principal;
import java.time.Clock;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.junit.jupiter.api.Test;

/**
 * On the stack the scenarios run on (the broker with SASL/SCRAM and the catalog's ACLs): a forged decision or gate
 * verdict is refused by the broker itself, whoever sends it but the catalog's one writer, and nothing of it is on the
 * topic for the executor to act on.
 */
class ForgedEventsIT {

    @Test
    void theClisPrincipalCannotWriteADecisionOrAGateVerdictAndOnlyTheMonitorsCanWriteAVerdict() {
        // Given the stack's broker with authorization on
        assumeTrue(E2eStack.SECURED, "run with the secured broker (the default)");
        E2eStack.requireAllServices();
        String planId = "e2e-forged." + UUID.randomUUID();

        // When the CLI's principal writes a decision and a gate verdict for a plan
        // Then the broker refuses both as an authorization failure
        assertRefused(Principal.CLI, Topics.MIGRATION_DECISIONS, forged(MigrationDecision.class, planId));
        assertRefused(Principal.CLI, Topics.GATE_VERDICTS, forged(GateVerdict.class, planId));
        // And so it does for every principal but the monitor's, the services' own included
        for (Principal p : Principal.values()) {
            if (p != Principal.MONITOR) {
                assertRefused(p, Topics.GATE_VERDICTS, forged(GateVerdict.class, planId));
            }
        }
        // And nothing of the forgeries is on the topics the executor reads
        assertThat(E2eStack.events(Topics.GATE_VERDICTS, planId)).isEmpty();
        assertThat(E2eStack.events(Topics.MIGRATION_DECISIONS, planId)).isEmpty();
    }

    private static <V extends SpecificRecord> V forged(Class<V> type, String planId) {
        V event = Exemplars.of(type);
        Envelopes.of(event).ifPresent(e -> e.setPlanId(planId));
        return event;
    }

    private static <V extends SpecificRecord> void assertRefused(Principal principal, Topic<V> topic, V event) {
        assertThatThrownBy(() -> {
            try (EventPublisher p = new EventPublisher(E2eStack.connection(principal))) {
                p.send(topic, planIdOf(event), event);
            }
        }).as("%s writing to %s", principal.kafkaPrincipal(), topic.name())
                // a topic refusal; for a principal with no write anywhere (the audit) its producer id is refused first
                .hasRootCauseInstanceOf(AuthorizationException.class);
    }

    private static String planIdOf(SpecificRecord event) {
        return Envelopes.of(event).map(e -> e.getPlanId()).orElse("plan");
    }
}
