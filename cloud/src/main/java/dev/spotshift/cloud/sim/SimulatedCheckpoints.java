package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.Checksums;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.S3Location;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.cloud.WriteProbe;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Checkpoints in memory, keyed by their s3:// URI, with the same checksum contract as S3: the SHA-256 recorded at
 * put is checked on every get. Buckets exist unless a scenario breaks one ({@link #breakBucket}).
 */
public final class SimulatedCheckpoints implements CheckpointStore {

    private record Entry(byte[] data, String sha256) {
    }

    private final Map<String, Entry> objects = new ConcurrentSkipListMap<>();
    private final Map<String, String> brokenBuckets = new ConcurrentHashMap<>();

    /** From now on writes to the bucket fail with {@code problem} (e.g. "NoSuchBucket", "AccessDenied"). */
    public void breakBucket(String bucket, String problem) {
        brokenBuckets.put(bucket, problem);
    }

    /** Flips a byte of a stored object without updating its checksum, as bit rot or a bad writer would. */
    public void corrupt(URI location) {
        objects.computeIfPresent(location.toString(), (k, e) -> {
            byte[] copy = e.data().clone();
            if (copy.length == 0) {
                copy = new byte[] {1};
            } else {
                copy[0] ^= 0x5a;
            }
            return new Entry(copy, e.sha256());
        });
    }

    @Override
    public StoredObject put(URI location, byte[] data) {
        S3Location s3 = checkWritable("s3:PutObject", location);
        String sha = Checksums.sha256Hex(data);
        objects.put(s3.uri().toString(), new Entry(data.clone(), sha));
        return new StoredObject(s3.uri(), data.length, sha);
    }

    @Override
    public Optional<StoredObject> head(URI location) {
        S3Location s3 = S3Location.of(location);
        Entry e = objects.get(s3.uri().toString());
        return Optional.ofNullable(e).map(x -> new StoredObject(s3.uri(), x.data().length, x.sha256()));
    }

    @Override
    public byte[] get(URI location) {
        S3Location s3 = S3Location.of(location);
        Entry e = objects.get(s3.uri().toString());
        if (e == null) {
            throw new CloudException("s3:GetObject", CloudException.Kind.NOT_FOUND, "no checkpoint at " + location);
        }
        String actual = Checksums.sha256Hex(e.data());
        if (!actual.equals(e.sha256())) {
            throw new CloudException("s3:GetObject", CloudException.Kind.CORRUPT, "checkpoint " + location
                    + " has sha256 " + actual + " but was written with " + e.sha256());
        }
        return e.data().clone();
    }

    @Override
    public WriteProbe probe(URI prefix) {
        try {
            S3Location s3 = checkWritable("s3:PutObject", prefix);
            return WriteProbe.ok(s3.uri());
        } catch (CloudException | IllegalArgumentException e) {
            return WriteProbe.failed(prefix, e.getMessage());
        }
    }

    @Override
    public List<StoredObject> list(URI prefix) {
        String p = S3Location.of(prefix).uri().toString();
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(p))
                .map(e -> new StoredObject(URI.create(e.getKey()), e.getValue().data().length, e.getValue().sha256()))
                .toList();
    }

    private S3Location checkWritable(String operation, URI location) {
        S3Location s3 = S3Location.of(location);
        String problem = brokenBuckets.get(s3.bucket());
        if (problem != null) {
            CloudException.Kind kind = problem.contains("Denied") ? CloudException.Kind.ACCESS_DENIED
                    : CloudException.Kind.NOT_FOUND;
            throw new CloudException(operation, kind, "bucket '" + s3.bucket() + "': " + problem);
        }
        return s3;
    }
}
