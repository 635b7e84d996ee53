package dev.spotshift.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The token issuer of a local stack (tests, the demo): an RSA key pair made on first use, its public key handed
 * to the services as the one they verify bearer tokens against, its private key used to sign the tokens tests
 * and the demo send. Authentication is as much on here as in production; only the issuer is local.
 *
 * <p>One per JVM, shared across class loaders through a system property naming the key directory (like the
 * shared broker).
 */
public final class RestIssuer {

    /** The {@code iss} of every local token. */
    public static final String ISSUER = "https://spotshift.local/issuer";
    static final String SHARED_DIR_PROPERTY = "spotshift.local-infra.shared.jwt-dir";
    private static final String PUBLIC = "rest-issuer-public.pem";
    private static final String PRIVATE = "rest-issuer-private.pem";

    private static RestIssuer shared;

    private final Path dir;

    private RestIssuer(Path dir) {
        this.dir = dir;
    }

    /** The JVM's issuer, its key pair made on first call. */
    public static synchronized RestIssuer shared() {
        if (shared != null) {
            return shared;
        }
        String existing = System.getProperty(SHARED_DIR_PROPERTY);
        if (existing != null && Files.isReadable(Path.of(existing, PRIVATE))) {
            shared = new RestIssuer(Path.of(existing));
            return shared;
        }
        try {
            Path dir = Files.createTempDirectory("spotshift-rest-issuer-");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(dir.resolve(PUBLIC), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(dir.resolve(PRIVATE), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ChildJvm.deleteTree(dir), "spotshift-rest-issuer-cleanup"));
            System.setProperty(SHARED_DIR_PROPERTY, dir.toString());
            shared = new RestIssuer(dir);
            return shared;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the local token issuer's RSA key pair", e);
        }
    }

    /** The public key (PEM) the services verify against. */
    public Path publicKey() {
        return dir.resolve(PUBLIC);
    }

    /** The private key (PKCS#8 PEM) that signs local tokens. */
    public Path privateKey() {
        return dir.resolve(PRIVATE);
    }

    /** What a Quarkus service needs to verify this issuer's tokens ({@code mp.jwt.verify.*}). */
    public Map<String, String> verifierConfig() {
        return Map.of("mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.publickey.location", publicKey().toUri().toString());
    }

    /**
     * An RS256 token for {@code subject} with {@code roles} in its {@code groups} claim, valid for
     * {@code lifetime}: what the demo prints for curl. Tests sign theirs with smallrye-jwt-build.
     */
    public String token(String subject, Duration lifetime, Collection<String> roles) {
        Instant now = Instant.now();
        String groups = roles.stream().map(RestIssuer::json).collect(Collectors.joining(",", "[", "]"));
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + json(ISSUER) + ",\"sub\":" + json(subject) + ",\"upn\":" + json(subject)
                + ",\"groups\":" + groups + ",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(lifetime).getEpochSecond() + "}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(readPrivateKey());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
    }

    private PrivateKey readPrivateKey() throws GeneralSecurityException {
        try {
            String body = Files.readString(privateKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Subjects and role names are plain identifiers; quotes and backslashes are escaped all the same. */
    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
