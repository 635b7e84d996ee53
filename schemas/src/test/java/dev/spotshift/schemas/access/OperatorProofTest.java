package dev.spotshift.schemas.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator command is believed only with its sender's token: the issuer's, unexpired, naming the command's operator. */
class OperatorProofTest {

    private static final String ISSUER = "https://issuer.test";
    private static final KeyPair ISSUER_KEYS = JwtSigner.newKeyPair();
    private static final KeyPair OTHER_KEYS = JwtSigner.newKeyPair();
    private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");
    private static final List<String> OPERATE = List.of(RestAccess.OPERATE, RestAccess.READ);

    private final OperatorProof proof = new OperatorProof(ISSUER, ISSUER_KEYS.getPublic());

    private static OperatorCommand pause(String operator, Instant at) {
        return OperatorCommand.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder().setEventId("e-1").setPlanId("plan-1").setOccurredAt(at)
                        .setProducer("test").build())
                .setAction(OperatorAction.PAUSE).setOperator(operator).setReason("look first").build();
    }

    private static String token(KeyPair keys, String subject, List<String> roles, Instant issued, Duration lifetime) {
        return new JwtSigner(ISSUER, keys.getPrivate()).token(subject, roles, issued, lifetime);
    }

    @Test
    void givenAlicesOwnTokenWhenHerCommandIsCheckedThenSheIsTheVerifiedSender() {
        // Given a pause naming the CLI's principal User:alice, with alice's token from the issuer
        String token = token(ISSUER_KEYS, "alice", OPERATE, NOW.minusSeconds(30), Duration.ofMinutes(5));

        // When it is checked now
        OperatorProof.Verdict verdict = proof.verify(pause("User:alice", NOW), token, NOW);

        // Then alice is the verified sender
        assertThat(verdict).isEqualTo(new OperatorProof.Verified("alice"));
    }

    @Test
    void givenATokenSignedByAnotherKeyWhenCheckedThenItIsRefusedAsNotTheIssuers() {
        String forged = token(OTHER_KEYS, "alice", OPERATE, NOW, Duration.ofMinutes(5));

        OperatorProof.Verdict verdict = proof.verify(pause("alice", NOW), forged, NOW);

        assertThat(verdict).isInstanceOfSatisfying(OperatorProof.Refused.class, r -> {
            assertThat(r.reason()).contains("signature is not the issuer's");
            assertThat(r.principal()).isEqualTo("claimed:alice");
        });
    }

    @Test
    void givenAnExpiredTokenWhenCheckedAfterItsExpiryThenItIsRefused() {
        // Given a token that ran out ten minutes ago, on a command stamped while it was valid
        String token = token(ISSUER_KEYS, "alice", OPERATE, NOW.minus(Duration.ofMinutes(20)), Duration.ofMinutes(10));

        OperatorProof.Verdict verdict = proof.verify(pause("alice", NOW.minus(Duration.ofMinutes(15))), token, NOW);

        assertThat(verdict).isInstanceOfSatisfying(OperatorProof.Refused.class,
                r -> assertThat(r.reason()).contains("expired"));
    }

    @Test
    void givenBobsTokenOnACommandNamingAliceWhenCheckedThenItIsRefusedAndCountedUnderBob() {
        // Given operator bob writing a command that names alice, with his own valid token
        String bobs = token(ISSUER_KEYS, "bob", OPERATE, NOW, Duration.ofMinutes(5));

        OperatorProof.Verdict verdict = proof.verify(pause("User:alice", NOW), bobs, NOW);

        // Then it is refused, counted under the one who really sent it
        assertThat(verdict).isInstanceOfSatisfying(OperatorProof.Refused.class, r -> {
            assertThat(r.reason()).contains("names operator 'User:alice'").contains("bob's");
            assertThat(r.principal()).isEqualTo("bob");
        });
    }

    @Test
    void givenATokenMintedAfterTheCommandWhenCheckedThenItDoesNotVouchForThatCommand() {
        // Given a command stamped an hour before alice's token was issued (a later token pasted onto an old command)
        String later = token(ISSUER_KEYS, "alice", OPERATE, NOW, Duration.ofMinutes(5));

        OperatorProof.Verdict verdict = proof.verify(pause("alice", NOW.minus(Duration.ofHours(1))), later, NOW);

        assertThat(verdict).isInstanceOfSatisfying(OperatorProof.Refused.class,
                r -> assertThat(r.reason()).contains("outside the operator token's validity"));
    }

    @Test
    void givenAReadOnlyTokenOrNoneOrAnUnsignedOneWhenCheckedThenEachIsRefused() {
        String reader = token(ISSUER_KEYS, "alice", List.of(RestAccess.READ), NOW, Duration.ofMinutes(5));
        String valid = token(ISSUER_KEYS, "alice", OPERATE, NOW, Duration.ofMinutes(5));
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String unsigned = header + "." + valid.split("\\.")[1] + ".";

        assertThat(proof.verify(pause("alice", NOW), reader, NOW)).isInstanceOfSatisfying(OperatorProof.Refused.class,
                r -> assertThat(r.reason()).contains("lacks the role " + RestAccess.OPERATE));
        assertThat(proof.verify(pause("alice", NOW), null, NOW)).isInstanceOfSatisfying(OperatorProof.Refused.class,
                r -> assertThat(r.reason()).contains("no operator token"));
        assertThat(proof.verify(pause("alice", NOW), unsigned, NOW)).isInstanceOfSatisfying(OperatorProof.Refused.class,
                r -> assertThat(r.reason()).contains("not RS256"));
    }

    @Test
    void givenTheIssuersPemFileAndARecordHeaderWhenConfiguredThenTheHeadersTokenVerifies(@TempDir Path dir)
            throws Exception {
        // Given the issuer's public key as credentials mint writes it, and a record header with alice's token
        Path pem = dir.resolve("issuer-public.pem");
        Files.writeString(pem, JwtSigner.pem("PUBLIC KEY", ISSUER_KEYS.getPublic().getEncoded()));
        RecordHeaders headers = new RecordHeaders();
        headers.add(OperatorProof.HEADER, token(ISSUER_KEYS, "alice", OPERATE, NOW, Duration.ofMinutes(5))
                .getBytes(StandardCharsets.US_ASCII));

        // When the proof is configured from the file's URI
        OperatorProof configured = OperatorProof.configured(ISSUER, pem.toUri().toString()).orElseThrow();

        // Then the header's token proves alice, and no key configured means no proof
        assertThat(configured.verify(pause("alice", NOW), OperatorProof.token(headers).orElseThrow(), NOW))
                .isEqualTo(new OperatorProof.Verified("alice"));
        assertThat(OperatorProof.configured(ISSUER, null)).isEmpty();
    }

    @Test
    void givenTheIssuersJwksServedOverHttpWhenConfiguredFromItsUrlThenItsTokensVerify() throws Exception {
        // Given an identity provider's JWK set (another key first, as during a rotation) at a URL on 127.0.0.1
        String jwks = "{\"keys\":[" + jwk(OTHER_KEYS) + "," + jwk(ISSUER_KEYS) + "]}";
        com.sun.net.httpserver.HttpServer idp = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/jwks", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        idp.start();
        try {
            // When the proof is configured from the JWKS URL
            OperatorProof configured = OperatorProof.configured(ISSUER,
                    "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks").orElseThrow();

            // Then a token of the issuer's key verifies
            assertThat(configured.verify(pause("alice", NOW), token(ISSUER_KEYS, "alice", OPERATE, NOW,
                    Duration.ofMinutes(5)), NOW)).isEqualTo(new OperatorProof.Verified("alice"));
        } finally {
            idp.stop(0);
        }
    }

    @Test
    void givenAKeyLocationThatCannotBeReadWhenACommandIsCheckedThenItIsRefusedSayingWhyAndNothingFailsAtStart(
            @TempDir Path dir) {
        // Given a key file that is not there (an identity provider that is down reads the same way)
        OperatorProof configured = OperatorProof.configured(ISSUER, dir.resolve("missing.pem").toString()).orElseThrow();

        // When alice's valid command is checked
        OperatorProof.Verdict verdict = configured.verify(pause("alice", NOW),
                token(ISSUER_KEYS, "alice", OPERATE, NOW, Duration.ofMinutes(5)), NOW);

        // Then it is refused, saying the keys cannot be read
        assertThat(verdict).isInstanceOfSatisfying(OperatorProof.Refused.class,
                r -> assertThat(r.reason()).contains("the issuer's keys cannot be read"));
    }

    private static String jwk(KeyPair keys) {
        java.security.interfaces.RSAPublicKey rsa = (java.security.interfaces.RSAPublicKey) keys.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"n\":\"" + b64.encodeToString(unsigned(rsa.getModulus()))
                + "\",\"e\":\"" + b64.encodeToString(unsigned(rsa.getPublicExponent())) + "\"}";
    }

    private static byte[] unsigned(java.math.BigInteger n) {
        byte[] bytes = n.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
