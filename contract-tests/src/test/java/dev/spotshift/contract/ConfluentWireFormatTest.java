package dev.spotshift.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What kcat, AKHQ or Redpanda Console see: for every topic of the catalog, a record written through the one serde
 * configuration (EventSerdes) is magic byte 0 + a 4-byte schema id + the Avro body, with no registry headers, and a
 * plain Confluent-format decoder that knows nothing of Apicurio (the schema fetched by id from the registry's
 * Confluent-compatible API) reads back the same event.
 */
class ConfluentWireFormatTest {

    @Test
    void everyTopicsRecordsDecodeWithAPlainConfluentFormatDecoder() throws Exception {
        LocalInfra infra = LocalInfra.shared();
        List<String> checked = new ArrayList<>();
        try (BrokerClient broker = new BrokerClient(infra.bootstrapServers(), infra.registryUrl())) {
            for (Topic<?> topic : Topics.all()) {
                // Given an event of the topic's type, written as every Spotshift writer writes it
                SpecificRecord sent = someEvent(topic.valueType());
                String key = "wire-" + UUID.randomUUID();
                send(broker, topic, key, sent);

                // When a plain client reads the record's bytes and decodes them the Confluent way
                ConsumerRecord<String, byte[]> raw = broker.readAllRaw(topic, key).get(0);
                SpecificRecord read = confluentDecode(raw.value(), topic.valueType(),
                        ccompatBase(infra.registryUrl()));

                // Then it is the event that was sent, and the registry's id headers are not needed (nor present)
                assertThat(read).as("%s read back through the ccompat API", topic.name()).isEqualTo(sent);
                assertThat(raw.headers().toArray()).as("%s headers", topic.name())
                        .noneMatch(h -> h.key().startsWith("apicurio"));
                checked.add(topic.name());
            }
        }
        assertThat(checked).hasSameSizeAs(Topics.all());
    }

    /** Sends as every Spotshift writer does: through the topic's one configured serde. */
    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void send(BrokerClient broker, Topic<V> topic, String key,
                                                         SpecificRecord event) {
        broker.publish(topic, key, (V) event);
    }

    /** A Confluent-format Avro decoder: no Apicurio class, only the wire format and the ccompat API. */
    private static SpecificRecord confluentDecode(byte[] value, Class<? extends SpecificRecord> type, String ccompat)
            throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(value);
        assertThat(bytes.get()).as("magic byte").isEqualTo((byte) 0);
        int id = bytes.getInt();
        String schema = given().get(ccompat + "/schemas/ids/" + id).then().statusCode(200).extract().path("schema");
        Schema writer = new Schema.Parser().parse(schema);
        SpecificData data = SpecificData.getForClass(type);
        SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(writer, data.getSchema(type), data);
        return reader.read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    }

    /** A seeded event with every field set, as the specific class the catalog names. */
    private static SpecificRecord someEvent(Class<? extends SpecificRecord> type) throws IOException {
        SpecificData data = SpecificData.getForClass(type);
        Schema schema = data.getSchema(type);
        Object generic = new RandomData(GenericData.get(), schema, 1, type.getName().hashCode()).iterator().next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(generic, encoder);
        encoder.flush();
        return new SpecificDatumReader<SpecificRecord>(schema, schema, data)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static String ccompatBase(String registryUrl) {
        return registryUrl.replaceFirst("/apis/registry/v2/?$", "") + "/apis/ccompat/v7";
    }
}
