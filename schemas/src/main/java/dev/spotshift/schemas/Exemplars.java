package dev.spotshift.schemas;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A valid instance of any generated event class, every field at its zero (empty string, 0, first enum symbol, null
 * branch, empty list). Serializing one through the registry serde registers or looks up exactly the schema the
 * serde would at the first real record, which is how {@link SchemaPreregistration} does it before traffic.
 */
public final class Exemplars {

    private Exemplars() {}

    @SuppressWarnings("unchecked")
    public static <V extends SpecificRecord> V of(Class<V> type) {
        return (V) value(SpecificData.get().getSchema(type));
    }

    private static Object value(Schema s) {
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case RECORD: {
                SpecificRecord r = (SpecificRecord) SpecificData.get().newRecord(null, s);
                for (Schema.Field f : s.getFields()) {
                    r.put(f.pos(), value(f.schema()));
                }
                return r;
            }
            case ENUM: return SpecificData.get().createEnum(s.getEnumSymbols().get(0), s);
            case ARRAY: return new ArrayList<>();
            case MAP: return new HashMap<>();
            case UNION: {
                Schema first = s.getTypes().stream().filter(t -> t.getType() == Schema.Type.NULL).findFirst()
                        .orElse(s.getTypes().get(0));
                return value(first);
            }
            case STRING: return "";
            case BYTES: return logical instanceof LogicalTypes.Decimal d
                    ? BigDecimal.ZERO.setScale(d.getScale()) : ByteBuffer.allocate(0);
            case FIXED: return SpecificData.get().createFixed(null, new byte[s.getFixedSize()], s);
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return LocalDate.EPOCH;
                }
                return logical instanceof LogicalTypes.TimeMillis ? LocalTime.MIDNIGHT : 0;
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
                    return Instant.EPOCH;
                }
                return logical instanceof LogicalTypes.TimeMicros ? LocalTime.MIDNIGHT : 0L;
            case FLOAT: return 0f;
            case DOUBLE: return 0d;
            case BOOLEAN: return false;
            default: return null;
        }
    }
}
