package dev.spotshift.cloud;

import java.net.URI;
import java.util.Objects;

/** A checkpoint object with the hex SHA-256 of its content, as recorded when it was written. */
public record StoredObject(URI location, long sizeBytes, String sha256) {
    public StoredObject {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sha256, "sha256");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
    }
}
