package dev.spotshift.monitor.streams;

import org.apache.avro.specific.SpecificRecord;

/** A decoded event with the bytes it came as, so a later rejection can dead-letter it whole. */
record Inbound(SpecificRecord event, byte[] raw) {
}
