package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineOrderTest {

    private static final Instant T = Instant.parse("2025-03-01T02:00:00Z");

    @Test
    void ordersEventsByWhenTheyOccurred() {
        // Given events read topic by topic, out of time order
        List<AuditEvent> events = List.of(event("c", null, 3), event("a", null, 1), event("b", null, 2));

        // When ordered
        List<AuditEvent> timeline = TimelineOrder.order(events);

        // Then they follow their occurredAt
        assertThat(timeline).extracting(AuditEvent::eventId).containsExactly("a", "b", "c");
    }

    @Test
    void putsACauseBeforeItsEffectsEvenWhenClocksDisagree() {
        // Given a vote stamped (by a fast clock) one second after the decision that answers it
        List<AuditEvent> events = List.of(event("decision", "vote", 5), event("vote", "assessed", 6),
                event("assessed", null, 1));

        // When ordered
        List<AuditEvent> timeline = TimelineOrder.order(events);

        // Then the cause still comes first
        assertThat(timeline).extracting(AuditEvent::eventId).containsExactly("assessed", "vote", "decision");
    }

    @Test
    void putsACauseBeforeItsEffectWithinTheSameMillisecond() {
        // Given a chain of three events all stamped in the same millisecond, in every input order
        List<AuditEvent> events = new ArrayList<>(List.of(event("x", null, 1), event("y", "x", 1), event("z", "y", 1)));
        for (int i = 0; i < 3; i++) {
            Collections.rotate(events, 1);

            // When ordered
            List<AuditEvent> timeline = TimelineOrder.order(events);

            // Then the chain reads cause to effect
            assertThat(timeline).extracting(AuditEvent::eventId).containsExactly("x", "y", "z");
        }
    }

    @Test
    void keepsEventsOfACausationCycleAtTheEnd() {
        // Given two events that answer each other and one well-caused event
        List<AuditEvent> events = List.of(event("p", "q", 1), event("q", "p", 2), event("ok", null, 3));

        // When ordered
        List<AuditEvent> timeline = TimelineOrder.order(events);

        // Then nothing is lost and the cycle sits last, in time order
        assertThat(timeline).extracting(AuditEvent::eventId).containsExactly("ok", "p", "q");
    }

    private static AuditEvent event(String id, String cause, int second) {
        return new EventDraft(EventType.GATE_VERDICT, id).cause(cause).occurredAt(T.plusSeconds(second)).build();
    }
}
