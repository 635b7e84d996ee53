package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.Checksums;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.S3Location;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.cloud.WriteProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Checkpoints in memory, keyed by their s3:// URI, with the same checksum contract as S3: the SHA-256 recorded at
 * put is checked on every get. Buckets exist unless a scenario breaks one ({@link #breakBucket}).
 * <p>
 * {@link #backedBy(Path)} keeps them in a directory instead, so several processes of one demo (the workload that
 * writes a checkpoint, the executor that verifies it) share one simulated bucket, as they would share S3.
 */
public final class SimulatedCheckpoints implements CheckpointStore {

    private record Entry(byte[] data, String sha256) {
    }

    private final Map<String, Entry> objects = new ConcurrentSkipListMap<>();
    private final Map<String, String> brokenBuckets = new ConcurrentHashMap<>();
    private volatile Path dir;

    /** Keeps objects as files in {@code directory} (created if missing) from now on. */
    public SimulatedCheckpoints backedBy(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the simulated checkpoint directory " + directory, e);
        }
        this.dir = directory;
        return this;
    }

    private Entry load(String key) {
        if (dir == null) {
            return objects.get(key);
        }
        Path data = file(key);
        Path sha = sidecar(data);
        try {
            if (!Files.exists(data) || !Files.exists(sha)) {
                return null;
            }
            return new Entry(Files.readAllBytes(data), Files.readString(sha).trim());
        } catch (IOException e) {
            throw new CloudException("s3:GetObject", CloudException.Kind.UNAVAILABLE, "cannot read " + data + ": " + e);
        }
    }

    private void save(String key, Entry entry) {
        if (dir == null) {
            objects.put(key, entry);
            return;
        }
        Path data = file(key);
        try {
            // Write to temp files and move them in, so a reader in another process never sees half an object.
            Path tmpSha = Files.writeString(dir.resolve(data.getFileName() + ".sha256.tmp"), entry.sha256());
            Files.move(tmpSha, sidecar(data), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path tmp = Files.write(dir.resolve(data.getFileName() + ".tmp"), entry.data());
            Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CloudException("s3:PutObject", CloudException.Kind.UNAVAILABLE, "cannot write " + data + ": " + e);
        }
    }

    private List<String> keys() {
        if (dir == null) {
            return new ArrayList<>(objects.keySet());
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.endsWith(".sha256") && !n.endsWith(".tmp"))
                    .map(n -> URLDecoder.decode(n, StandardCharsets.UTF_8))
                    .sorted().toList();
        } catch (IOException e) {
            throw new CloudException("s3:ListObjectsV2", CloudException.Kind.UNAVAILABLE, "cannot list " + dir + ": " + e);
        }
    }

    private Path file(String key) {
        return dir.resolve(URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    private static Path sidecar(Path data) {
        return data.resolveSibling(data.getFileName() + ".sha256");
    }

    /** From now on writes to the bucket fail with {@code problem} (e.g. "NoSuchBucket", "AccessDenied"). */
    public void breakBucket(String bucket, String problem) {
        brokenBuckets.put(bucket, problem);
    }

    /** Flips a byte of a stored object without updating its checksum, as bit rot or a bad writer would. */
    public void corrupt(URI location) {
        String key = location.toString();
        Entry e = load(key);
        if (e == null) {
            return;
        }
        byte[] copy = e.data().clone();
        if (copy.length == 0) {
            copy = new byte[] {1};
        } else {
            copy[0] ^= 0x5a;
        }
        save(key, new Entry(copy, e.sha256()));
    }

    @Override
    public StoredObject put(URI location, byte[] data) {
        S3Location s3 = checkWritable("s3:PutObject", location);
        String sha = Checksums.sha256Hex(data);
        save(s3.uri().toString(), new Entry(data.clone(), sha));
        return new StoredObject(s3.uri(), data.length, sha);
    }

    @Override
    public Optional<StoredObject> head(URI location) {
        S3Location s3 = S3Location.of(location);
        Entry e = load(s3.uri().toString());
        return Optional.ofNullable(e).map(x -> new StoredObject(s3.uri(), x.data().length, x.sha256()));
    }

    @Override
    public byte[] get(URI location) {
        S3Location s3 = S3Location.of(location);
        Entry e = load(s3.uri().toString());
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
        List<StoredObject> out = new ArrayList<>();
        for (String key : keys()) {
            Entry e = key.startsWith(p) ? load(key) : null;
            if (e != null) {
                out.add(new StoredObject(URI.create(key), e.data().length, e.sha256()));
            }
        }
        return out;
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
