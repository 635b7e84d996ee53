package dev.spotshift.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook's signature: HMAC-SHA256 over the exact body bytes with the sink's shared secret, sent as
 * {@code X-Spotshift-Signature: sha256=<hex>} (the shape GitHub's and Stripe's receivers already check).
 */
public final class Signature {

    public static final String HEADER = "X-Spotshift-Signature";
    private static final String PREFIX = "sha256=";

    private Signature() {}

    public static String of(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /** What a receiver does: recompute and compare in constant time. */
    public static boolean verifies(byte[] body, String secret, String header) {
        return header != null && MessageDigest.isEqual(
                of(body, secret).getBytes(StandardCharsets.US_ASCII), header.getBytes(StandardCharsets.US_ASCII));
    }
}
