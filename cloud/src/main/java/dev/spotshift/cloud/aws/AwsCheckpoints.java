package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.Checksums;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.S3Location;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.cloud.WriteProbe;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoints in S3. The SHA-256 of the content travels as user metadata ({@code x-amz-meta-sha256}) because
 * S3's own checksums are optional per object and emulators differ on them; every get recomputes and compares.
 */
final class AwsCheckpoints implements CheckpointStore {

    static final String SHA256_META = "sha256";

    private final AwsClients clients;

    AwsCheckpoints(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public StoredObject put(URI location, byte[] data) {
        S3Location s3 = S3Location.of(location);
        String sha = Checksums.sha256Hex(data);
        clients.run(clients.defaultRegion(), "s3:PutObject", () -> s3().putObject(b -> b.bucket(s3.bucket()).key(s3.key())
                .metadata(Map.of(SHA256_META, sha)).contentType("application/octet-stream"), RequestBody.fromBytes(data)));
        return new StoredObject(s3.uri(), data.length, sha);
    }

    @Override
    public Optional<StoredObject> head(URI location) {
        S3Location s3 = S3Location.of(location);
        Optional<HeadObjectResponse> head = clients.call(clients.defaultRegion(), "s3:HeadObject", () -> {
            try {
                return Optional.of(s3().headObject(b -> b.bucket(s3.bucket()).key(s3.key())));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                    return Optional.empty(); // HEAD answers carry no body, so a missing key is a bare 404
                }
                throw e;
            }
        });
        return head.map(h -> stored("s3:HeadObject", s3, h.contentLength(), h.metadata()));
    }

    @Override
    public byte[] get(URI location) {
        S3Location s3 = S3Location.of(location);
        ResponseBytes<GetObjectResponse> object = clients.call(clients.defaultRegion(), "s3:GetObject", () -> s3()
                .getObjectAsBytes(b -> b.bucket(s3.bucket()).key(s3.key())));
        byte[] data = object.asByteArray();
        StoredObject recorded = stored("s3:GetObject", s3, object.response().contentLength(), object.response().metadata());
        String actual = Checksums.sha256Hex(data);
        if (!actual.equals(recorded.sha256())) {
            throw new CloudException("s3:GetObject", CloudException.Kind.CORRUPT, "checkpoint " + s3.uri()
                    + " has sha256 " + actual + " but was written with " + recorded.sha256());
        }
        return data;
    }

    @Override
    public WriteProbe probe(URI prefix) {
        S3Location s3;
        try {
            s3 = S3Location.of(prefix);
        } catch (IllegalArgumentException e) {
            return WriteProbe.failed(prefix, e.getMessage());
        }
        String base = s3.key().isEmpty() || s3.key().endsWith("/") ? s3.key() : s3.key() + "/";
        String key = base + ".spotshift-probe-" + UUID.randomUUID();
        try {
            clients.run(clients.defaultRegion(), "s3:PutObject", () -> s3().putObject(b -> b.bucket(s3.bucket()).key(key),
                    RequestBody.fromString("probe")));
            clients.run(clients.defaultRegion(), "s3:DeleteObject", () -> s3().deleteObject(b -> b.bucket(s3.bucket()).key(key)));
            return WriteProbe.ok(prefix);
        } catch (CloudException e) {
            return WriteProbe.failed(prefix, e.getMessage());
        }
    }

    @Override
    public List<StoredObject> list(URI prefix) {
        S3Location s3 = S3Location.of(prefix);
        List<S3Object> objects = clients.call(clients.defaultRegion(), "s3:ListObjectsV2", () -> {
            List<S3Object> all = new ArrayList<>();
            s3().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(s3.bucket()).prefix(s3.key()).build())
                    .contents().forEach(all::add);
            return all;
        });
        List<StoredObject> result = new ArrayList<>();
        for (S3Object o : objects) {
            head(new S3Location(s3.bucket(), o.key()).uri()).ifPresent(result::add);
        }
        return result;
    }

    private StoredObject stored(String op, S3Location s3, Long length, Map<String, String> metadata) {
        String sha = metadata == null ? null : metadata.get(SHA256_META);
        if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw CloudException.invalidAnswer(op, "metadata." + SHA256_META + " of " + s3.uri(),
                    "is missing or not a hex SHA-256: " + sha);
        }
        if (length == null || length < 0) {
            throw CloudException.invalidAnswer(op, "contentLength of " + s3.uri(), "is missing or negative: " + length);
        }
        return new StoredObject(s3.uri(), length, sha);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private S3Client s3() {
        return clients.in(clients.defaultRegion()).s3();
    }
}
