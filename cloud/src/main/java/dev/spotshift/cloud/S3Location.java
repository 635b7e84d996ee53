package dev.spotshift.cloud;

import java.net.URI;
import java.util.Objects;

/** An {@code s3://bucket/key} URI taken apart; anything else is rejected with the URI in the message. */
public record S3Location(String bucket, String key) {
    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    public static S3Location of(URI uri) {
        if (uri == null || !"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("not an s3://bucket/key location: " + uri);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        return new S3Location(uri.getHost(), path.startsWith("/") ? path.substring(1) : path);
    }

    public URI uri() {
        return URI.create("s3://" + bucket + "/" + key);
    }
}
