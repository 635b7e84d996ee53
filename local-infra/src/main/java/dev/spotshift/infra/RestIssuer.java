package dev.spotshift.infra;

import dev.spotshift.schemas.access.JwtSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

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
            Files.writeString(dir.resolve(PUBLIC), JwtSigner.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(dir.resolve(PRIVATE), JwtSigner.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
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
        return new JwtSigner(ISSUER, readPrivateKey()).token(subject, roles, Instant.now(), lifetime);
    }

    private PrivateKey readPrivateKey() {
        try {
            return JwtSigner.privateKeyFromPem(Files.readString(privateKey()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
