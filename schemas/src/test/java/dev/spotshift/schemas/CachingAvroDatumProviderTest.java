package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.EventEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** The serdes' datum provider keeps one reader and writer per schema and thread, and they read and write as before. */
class CachingAvroDatumProviderTest {

    private static EventEnvelope envelope(int i) {
        return EventEnvelope.newBuilder().setEventId("e-" + i).setPlanId("plan-" + i)
                .setOccurredAt(Instant.parse("2026-12-07T01:00:00Z").plusSeconds(i)).setProducer("test")
                .setCausationId(i % 2 == 0 ? null : "c-" + i).setTraceparent(null).build();
    }

    private static CachingAvroDatumProvider<Object> configured() {
        CachingAvroDatumProvider<Object> provider = new CachingAvroDatumProvider<>();
        provider.configure(new io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig(
                Map.of(io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true)));
        return provider;
    }

    @Test
    void givenManyRecordsOfOneSchemaWhenWrittenAndReadThenOneReaderAndWriterServeThemAllAndEveryRecordRoundTrips()
            throws IOException {
        // Given the provider the serdes are configured with
        CachingAvroDatumProvider<Object> provider = configured();
        DatumWriter<Object> firstWriter = provider.createDatumWriter(envelope(0), EventEnvelope.getClassSchema());
        DatumReader<Object> firstReader = provider.createDatumReader(EventEnvelope.getClassSchema());

        for (int i = 0; i < 200; i++) {
            // When each record is written and read back through what the provider hands out
            EventEnvelope sent = envelope(i);
            DatumWriter<Object> writer = provider.createDatumWriter(sent, EventEnvelope.getClassSchema());
            DatumReader<Object> reader = provider.createDatumReader(EventEnvelope.getClassSchema());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            writer.write(sent, encoder);
            encoder.flush();
            Object read = reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

            // Then the same reader and writer serve every record, and each comes back equal, as a generated class
            assertThat(writer).isSameAs(firstWriter);
            assertThat(reader).isSameAs(firstReader);
            assertThat(read).isInstanceOf(EventEnvelope.class).isEqualTo(sent);
        }
    }

    @Test
    void givenTwoThreadsWhenEachAsksForAReaderThenEachGetsItsOwn() {
        // Given one provider shared by the stream threads, as a serde is
        CachingAvroDatumProvider<Object> provider = configured();

        // When this thread and another ask for a reader of the same schema
        DatumReader<Object> mine = provider.createDatumReader(EventEnvelope.getClassSchema());
        DatumReader<Object> theirs = CompletableFuture.supplyAsync(
                () -> provider.createDatumReader(EventEnvelope.getClassSchema())).join();

        // Then they are different readers (a reader keeps decoding state), and this thread's is kept
        assertThat(theirs).isNotSameAs(mine);
        assertThat(provider.createDatumReader(EventEnvelope.getClassSchema())).isSameAs(mine);
    }
}
