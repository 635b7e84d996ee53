package dev.spotshift.schemas.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * An RS256 token issuer from an RSA key pair: the tokens the REST doors (smallrye-jwt) and the schema registry
 * (Apicurio 2.x, quarkus-oidc with a public key) verify — {@code iss}, {@code sub} and {@code upn}, the roles in
 * {@code groups}, {@code iat}/{@code exp}. The local stack's issuer and {@code spotshift credentials mint} both sign
 * with it; a production deployment uses its identity provider instead. It is also the one reader and writer of
 * the PEM keys it signs with and {@link OperatorProof} checks with.
 */
public final class JwtSigner {

    private final String issuer;
    private final PrivateKey key;

    public JwtSigner(String issuer, PrivateKey key) {
        this.issuer = issuer;
        this.key = key;
    }

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an RSA key pair", e);
        }
    }

    /** An RS256 token for {@code subject} with {@code roles} in {@code groups}, valid from {@code now} for {@code lifetime}. */
    public String token(String subject, Collection<String> roles, Instant now, Duration lifetime) {
        String groups = roles.stream().map(JwtSigner::json).collect(Collectors.joining(",", "[", "]"));
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + json(issuer) + ",\"sub\":" + json(subject) + ",\"upn\":" + json(subject)
                + ",\"groups\":" + groups + ",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(lifetime).getEpochSecond() + "}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** PEM text ({@code -----BEGIN type-----}, base64 in 64-character lines). */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The public key as Apicurio's {@code quarkus.oidc.public-key} wants it: base64 of the DER on one line. */
    public static String publicKeyBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** A PKCS#8 private key from its PEM text. */
    public static PrivateKey privateKeyFromPem(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key in PEM", e);
        }
    }

    /** An X.509 (SubjectPublicKeyInfo) RSA public key from its PEM text, as {@code credentials mint} writes it. */
    public static PublicKey publicKeyFromPem(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA public key in PEM", e);
        }
    }

    /** What {@link #pem} wrapped: the text between the armour lines, line breaks dropped, decoded. */
    private static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Subjects and role names are plain identifiers; quotes and backslashes are escaped all the same. */
    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
