package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.state.StateSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;

/** A store value as the latest state release's writer stored it: resolved to that release's schema, then encoded. */
final class ReleasedState {

    private ReleasedState() {}

    static byte[] written(SpecificRecord value) throws IOException {
        List<Schema> released = StateSchemas.released(value.getClass());
        assertThat(released).as("state releases of %s", value.getSchema().getName()).isNotEmpty();
        Schema schema = released.get(released.size() - 1);
        GenericRecord asReleased = new GenericDatumReader<GenericRecord>(value.getSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(AvroBinarySerde.write(value), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(asReleased, out);
        return out.toByteArray();
    }
}
