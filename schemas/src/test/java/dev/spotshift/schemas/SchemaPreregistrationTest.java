package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaPreregistrationTest {

    @Test
    void isCompleteOnlyOnceEverySchemaIsRegisteredAndRetriesTheOnesThatFailed() {
        // Given a registry that refuses the dead-letter schema once
        List<String> calls = new ArrayList<>();
        boolean[] down = {true};
        SchemaPreregistration schemas = new SchemaPreregistration(
                SchemaPreregistration.topics(List.of("dead-letters", "migration-status")), topic -> {
                    calls.add(topic.name());
                    if (down[0] && topic == Topics.DEAD_LETTERS) {
                        throw new IllegalStateException("lock timeout");
                    }
                });

        // When the first attempt is made
        boolean first = schemas.attempt();

        // Then it is not complete and says why
        assertThat(first).isFalse();
        assertThat(schemas.detail()).contains("1/2 registered").contains("dead-letters").contains("lock timeout");

        // When the registry recovers and it is tried again, only the missing one is asked for
        down[0] = false;
        assertThat(schemas.attempt()).isTrue();
        assertThat(calls).containsExactly("dead-letters", "migration-status", "dead-letters");
        assertThat(schemas.detail()).isEqualTo("2/2 registered");
    }

    @Test
    void refusesATopicThatIsNotInTheCatalog() {
        assertThatThrownBy(() -> SchemaPreregistration.topics(List.of("dead-letter"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void makesASerializableExemplarOfEveryEventInTheCatalog() throws Exception {
        for (Topic<?> topic : Topics.all()) {
            SpecificRecord exemplar = Exemplars.of(topic.valueType());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(exemplar.getSchema()).write(exemplar, enc);
            enc.flush();
            assertThat(exemplar).as(topic.name()).isInstanceOf(topic.valueType());
        }
    }
}
