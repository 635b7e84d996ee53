package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.EventEnvelope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EnvelopesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T02:14:00Z"), ZoneOffset.UTC);

    @Test
    void anAnswerNamesItsCauseAndStaysOnTheSameTrace() {
        EventEnvelope submitted = Envelopes.next("plan-1", "cli/0.1.0", null, clock);
        EventEnvelope assessed = Envelopes.answering(submitted, "analyzer-service/0.1.0", clock);

        assertThat(assessed.getCausationId()).isEqualTo(submitted.getEventId());
        assertThat(assessed.getPlanId()).isEqualTo("plan-1");
        assertThat(assessed.getOccurredAt()).isEqualTo(clock.instant());
        assertThat(Envelopes.traceId(assessed.getTraceparent()))
                .isNotNull()
                .isEqualTo(Envelopes.traceId(submitted.getTraceparent()));
        assertThat(assessed.getTraceparent()).isNotEqualTo(submitted.getTraceparent());
    }

    @Test
    void aNewChainStartsANewTraceInW3cFormat() {
        EventEnvelope a = Envelopes.next("plan-1", "cli", null, clock);
        EventEnvelope b = Envelopes.next("plan-1", "cli", null, clock);

        assertThat(a.getTraceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(Envelopes.traceId(a.getTraceparent())).isNotEqualTo(Envelopes.traceId(b.getTraceparent()));
        assertThat(a.getEventId()).isNotEqualTo(b.getEventId());
    }

    @Test
    void anEventCanJoinATraceThatDidNotComeFromItsCause() {
        String fromHttp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        EventEnvelope submitted = Envelopes.inTrace(fromHttp, "plan-1", "analyzer-service/0.1.0", null, clock);

        assertThat(Envelopes.traceId(submitted.getTraceparent())).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(submitted.getTraceparent()).isNotEqualTo(fromHttp);
        assertThat(submitted.getCausationId()).isNull();
    }

    @Test
    void aMalformedOrAllZeroTraceparentStartsANewTrace() {
        for (String bad : new String[] {null, "garbage", "00-XYZ-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}) {
            EventEnvelope e = Envelopes.inTrace(bad, "plan-1", "analyzer-service/0.1.0", null, clock);

            assertThat(e.getTraceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            assertThat(Envelopes.traceId(e.getTraceparent())).isNotEqualTo("00000000000000000000000000000000");
        }
    }

    @Test
    void everyCatalogEventWithAnEnvelopeFieldHasItReadByTheTypedAccessor() {
        for (Topic<?> t : Topics.all()) {
            boolean hasField = SchemaCompatibilityCheck.currentSchema(t).getField("envelope") != null;
            org.apache.avro.specific.SpecificRecord event = Exemplars.of(t.valueType());
            assertThat(Envelopes.of(event)).as(t.name()).isEqualTo(hasField
                    ? java.util.Optional.of(event.get(event.getSchema().getField("envelope").pos()))
                    : java.util.Optional.empty());
        }
    }
}
