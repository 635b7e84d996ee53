package dev.spotshift.schemas.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotshift.events.OperatorCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Who really sent an operator command. The broker only guarantees that some rostered operator (or the console, or the
 * plan operator) wrote the record; the {@code operator} field is whatever that writer put there. So the writer attaches
 * the bearer token the person authenticated with (the console forwards its caller's, the CLI sends
 * {@code SPOTSHIFT_TOKEN} or its client-credentials token) in the record header {@value #HEADER}, and every consumer
 * that acts on the command or shows it checks here: RS256 signature by the configured issuer's key, {@code iss}, the
 * {@link RestAccess#OPERATE} role, the token valid at the moment of checking and at the command's time, and the token's
 * subject being the command's operator. Plain Java, so the executor, the audit and tests share one rule.
 */
public final class OperatorProof {

    /** The record header carrying the operator's token (a header, so no dump of the event prints it). */
    public static final String HEADER = "spotshift-operator-token";
    /** Clocks of writer, issuer and consumer may disagree by this much. */
    public static final Duration SKEW = Duration.ofSeconds(60);
    /** The principal a refusal is counted under when the token names nobody readable. */
    public static final String ANONYMOUS = "anonymous";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a check found. */
    public sealed interface Verdict permits Verified, Refused {}

    /** The token is the issuer's and names the command's operator: {@code subject} is who sent it. */
    public record Verified(String subject) implements Verdict {}

    /**
     * The command is not proven: why, and under whom to count it ({@code principal}: the token's subject when its
     * signature holds, else the name the command claims, prefixed {@code claimed:}).
     */
    public record Refused(String reason, String principal) implements Verdict {}

    private final String issuer;
    private final java.util.function.Supplier<java.util.List<PublicKey>> source;
    /** The issuer's keys once read; until then each check reads them again. */
    private volatile java.util.List<PublicKey> keys;

    public OperatorProof(String issuer, PublicKey key) {
        this(issuer, java.util.List.of(key));
    }

    /** Any of {@code keys} may have signed a token (a JWK set during a key rotation). */
    public OperatorProof(String issuer, java.util.List<PublicKey> keys) {
        this(issuer, () -> keys);
    }

    private OperatorProof(String issuer, java.util.function.Supplier<java.util.List<PublicKey>> source) {
        this.issuer = issuer;
        this.source = source;
    }

    /**
     * The proof configured like the REST doors ({@link RestAccess#ISSUER}, {@link RestAccess#PUBLIC_KEY_LOCATION}): a
     * PEM public key as a file path, a {@code file:} URI or a {@code classpath:} resource. Empty when no key is given.
     */
    public static Optional<OperatorProof> configured(String issuer, String publicKeyLocation) {
        if (publicKeyLocation == null || publicKeyLocation.isBlank()) {
            return Optional.empty();
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("an operator-token key without an issuer: set " + RestAccess.ISSUER);
        }
        // Read on first use, not at start: an identity provider that is down must not keep the executor or the
        // monitor from running; until its keys are read every command is refused, saying why.
        String location = publicKeyLocation.strip();
        return Optional.of(new OperatorProof(issuer, () -> keys(read(location))));
    }

    /** The token a record carries, if any. */
    public static Optional<String> token(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(HEADER);
        return h == null || h.value() == null ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.US_ASCII));
    }

    /**
     * The subject a token names, read without checking it: for a writer that was handed its own token (the plan
     * operator) and names that subject as the command's operator. Only {@link #verify} says whether to believe it.
     */
    public static Optional<String> subjectOf(String token) {
        try {
            String sub = JSON.readTree(Base64.getUrlDecoder().decode(token.strip().split("\\.")[1])).path("sub").asText("");
            return sub.isEmpty() ? Optional.empty() : Optional.of(sub);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code User:alice} (the CLI's Kafka principal) and {@code alice} (a token's subject) are one person. */
    public static String person(String operator) {
        return operator != null && operator.startsWith("User:") ? operator.substring("User:".length()) : operator;
    }

    /**
     * Checks {@code token} as the proof of {@code command}, at {@code now}: the executor's wall clock when it acts,
     * the command's own time when the audit shows an old command.
     */
    public Verdict verify(OperatorCommand command, String token, Instant now) {
        String claimed = "claimed:" + person(command.getOperator());
        if (token == null || token.isBlank()) {
            return new Refused("no operator token in header " + HEADER, claimed);
        }
        String[] parts = token.strip().split("\\.", -1);
        if (parts.length != 3) {
            return new Refused("the operator token is not a JWS compact token", claimed);
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return new Refused("the operator token is not readable JSON", claimed);
        }
        if (!"RS256".equals(header.path("alg").asText())) {
            // only the algorithm the issuer signs with: "none" or HS256 with the public key as secret are classic forgeries
            return new Refused("the operator token is signed with " + header.path("alg").asText() + ", not RS256", claimed);
        }
        java.util.List<PublicKey> known = keys;
        if (known == null) {
            try {
                known = java.util.List.copyOf(source.get());
                keys = known;
            } catch (RuntimeException e) {
                return new Refused("the issuer's keys cannot be read: " + e.getMessage(), claimed);
            }
        }
        if (!signatureHolds(parts, known)) {
            return new Refused("the operator token's signature is not the issuer's", claimed);
        }
        String subject = claims.path("sub").asText("");
        String principal = subject.isEmpty() ? claimed : subject;
        if (!issuer.equals(claims.path("iss").asText())) {
            return new Refused("the operator token is from issuer '" + claims.path("iss").asText() + "', not " + issuer,
                    principal);
        }
        if (!hasRole(claims, RestAccess.OPERATE)) {
            return new Refused("the operator token lacks the role " + RestAccess.OPERATE, principal);
        }
        if (!claims.path("exp").canConvertToLong() || !claims.path("iat").canConvertToLong()) {
            return new Refused("the operator token has no exp or iat", principal);
        }
        Instant issued = Instant.ofEpochSecond(claims.path("iat").asLong());
        Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!now.isBefore(expires.plus(SKEW))) {
            return new Refused("the operator token expired at " + expires, principal);
        }
        Instant sent = command.getEnvelope().getOccurredAt();
        // the command must have been made while the token was valid: a token minted later does not vouch for it
        if (sent.isBefore(issued.minus(SKEW)) || !sent.isBefore(expires.plus(SKEW))) {
            return new Refused("the command's time " + sent + " is outside the operator token's validity " + issued
                    + ".." + expires, principal);
        }
        if (subject.isEmpty() || !subject.equals(person(command.getOperator()))) {
            return new Refused("the command names operator '" + command.getOperator() + "' but its token is "
                    + (subject.isEmpty() ? "nobody's" : subject + "'s"), principal);
        }
        return new Verified(subject);
    }

    private static boolean signatureHolds(String[] parts, java.util.List<PublicKey> keys) {
        for (PublicKey key : keys) {
            try {
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initVerify(key);
                rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                if (rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                    return true;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this key's: try the next
            }
        }
        return false;
    }

    /** The RSA keys of a PEM public key, a JWK or a JWK set ({@code {"keys":[...]}}), as the REST doors accept them. */
    static java.util.List<PublicKey> keys(String text) {
        String body = text.strip();
        if (!body.startsWith("{")) {
            return java.util.List.of(JwtSigner.publicKeyFromPem(body));
        }
        try {
            JsonNode json = JSON.readTree(body);
            java.util.List<PublicKey> found = new java.util.ArrayList<>();
            for (JsonNode jwk : json.has("keys") ? json.path("keys") : JSON.createArrayNode().add(json)) {
                if ("RSA".equals(jwk.path("kty").asText()) && !"enc".equals(jwk.path("use").asText())) {
                    found.add(KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(
                            new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText())),
                            new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText())))));
                }
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("the JWK set has no RSA signing key");
            }
            return found;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a JWK or JWK set", e);
        }
    }

    private static boolean hasRole(JsonNode claims, String role) {
        for (JsonNode g : claims.path(RestAccess.GROUPS_CLAIM)) {
            if (role.equals(g.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                try (InputStream in = OperatorProof.class.getClassLoader()
                        .getResourceAsStream(location.substring("classpath:".length()).replaceFirst("^/", ""))) {
                    if (in == null) {
                        throw new IllegalArgumentException("no resource " + location);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
            if (location.startsWith("https://") || location.startsWith("http://")) {
                // the identity provider's JWKS, read once at start (a rotated key needs a restart)
                java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10)).build()
                        .send(java.net.http.HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofSeconds(30))
                                .header("Accept", "application/json").GET().build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IOException("HTTP " + answer.statusCode());
                }
                return answer.body();
            }
            Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the operator-token issuer's key at " + location, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the issuer's keys at " + location, e);
        }
    }
}
