package dev.spotshift.analyzer;

import static io.restassured.RestAssured.given;

import dev.spotshift.infra.RestIssuer;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.Set;

/** Real tokens for the tests, signed with the local issuer's private key (the key pair local-infra made). */
final class Tokens {

    private Tokens() {}

    static String signed(String subject, String... roles) {
        return Jwt.issuer(RestIssuer.ISSUER).subject(subject).upn(subject).groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(10)).sign(RestIssuer.shared().privateKey().toUri().toString());
    }

    /** A request as {@code subject} holding {@code roles}. */
    static RequestSpecification as(String subject, String... roles) {
        return given().header("Authorization", "Bearer " + signed(subject, roles));
    }
}
