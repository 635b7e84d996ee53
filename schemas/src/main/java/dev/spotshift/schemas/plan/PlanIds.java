package dev.spotshift.schemas.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * A file with N workloads becomes N migrations, each with its own planId:
 * {@code <plan-name>.<workload-name>.<12 hex>}. With an idempotency key the hex part is derived
 * from the key, so the same key always names the same migrations (REST, CLI, any restart);
 * without one it is random and every submission is a new migration.
 */
public final class PlanIds {

    private PlanIds() {}

    public static String planId(String idempotencyKey, String planName, String workloadName) {
        String suffix = idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                : sha256Hex(idempotencyKey + "\n" + planName + "\n" + workloadName).substring(0, 12);
        return slug(planName) + "." + slug(workloadName) + "." + suffix;
    }

    static String slug(String s) {
        String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return out.length() > 40 ? out.substring(0, 40) : out;
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
