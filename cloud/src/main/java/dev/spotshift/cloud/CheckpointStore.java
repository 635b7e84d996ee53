package dev.spotshift.cloud;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * State checkpoints at {@code s3://bucket/prefix/<planId>/<workload>/<sequence>} (or {@code mem://...} in the
 * simulation). Every object carries the SHA-256 of its content; {@link #get} verifies it and throws
 * {@link CloudException} with kind CORRUPT when the content no longer matches.
 */
public interface CheckpointStore {

    StoredObject put(URI location, byte[] data);

    Optional<StoredObject> head(URI location);

    byte[] get(URI location);

    /** Writes and deletes a probe object under the prefix; false when either fails. */
    default boolean probeWritable(URI prefix) {
        return probe(prefix).writable();
    }

    /** Like {@link #probeWritable} but says why a prefix is not writable (missing bucket, access denied). */
    WriteProbe probe(URI prefix);

    /** Objects under the prefix, ordered by key. */
    List<StoredObject> list(URI prefix);

    /** The checkpoint location convention. */
    static URI location(URI prefix, String planId, String workload, long sequence) {
        String base = prefix.toString().endsWith("/") ? prefix.toString() : prefix + "/";
        return URI.create(base + planId + "/" + workload + "/" + String.format("%012d", sequence));
    }
}
