package dev.spotshift.infra;

import dev.spotshift.schemas.RegistryCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * Who may write to a local registry started with authenticated writes: anyone reads (the services look their schemas
 * up anonymously), only a bearer token of the local issuer ({@link RestIssuer}) carrying the publisher's role writes
 * artifacts and their rules, and the administrator's role the global rules. Apicurio 2.x verifies the token against the
 * issuer's public key itself ({@code quarkus.oidc.public-key}), so no identity server runs; in production the same
 * settings name the deployment's issuer (README "Security").
 */
public final class RegistryAccess {

    /** Apicurio 2.x's developer role: create and alter artifacts and their rules; what {@code schemas publish} needs. */
    public static final String PUBLISHER_ROLE = "sr-developer";
    /** Apicurio 2.x's admin role: global rules. */
    public static final String ADMIN_ROLE = "sr-admin";
    /** Apicurio 2.x's read-only role: what a service's token would carry; it may not write. */
    public static final String READER_ROLE = "sr-readonly";
    /** The subject of the publishing step's token, recorded by the registry as an artifact's {@code createdBy}. */
    public static final String PUBLISHER = "spotshift-schema-publisher";
    private static final Duration LIFETIME = Duration.ofHours(24);

    private RegistryAccess() {}

    /**
     * The system properties that make Apicurio Registry 2.x take writes only from the issuer's publisher, and reads from
     * anyone ({@code anonymousReads}) or only with a token of the issuer.
     */
    static List<String> registryJvmArgs(RestIssuer issuer, boolean anonymousReads) {
        return registryJvmArgs(RestIssuer.ISSUER, publicKeyBase64(issuer), anonymousReads);
    }

    /** As above, for {@code issuer} and its RSA public key (base64 of the DER). */
    static List<String> registryJvmArgs(String issuer, String publicKeyBase64, boolean anonymousReads) {
        return List.of(
                "-Dregistry.auth.enabled=true",
                // verify bearer tokens against the issuer's key; no OIDC server is asked anything
                "-Dquarkus.oidc.public-key=" + publicKeyBase64,
                "-Dquarkus.oidc.token.issuer=" + issuer,
                "-Dregistry.auth.role-based-authorization=true",
                "-Dregistry.auth.role-source=token",
                // the open variant: a schema is no secret, but who reads what is then unknown to the registry; compose
                // and Kubernetes close it and give every reader a token (README "Security: the schema registry")
                "-Dregistry.auth.anonymous-read-access.enabled=" + anonymousReads);
    }

    /** The publishing step's credentials against a registry started with authenticated writes. */
    public static RegistryCredentials publisher() {
        return as(PUBLISHER, PUBLISHER_ROLE);
    }

    /** A token for {@code subject} with the one registry role {@code role}. */
    public static RegistryCredentials as(String subject, String role) {
        return RegistryCredentials.bearer(RestIssuer.shared().token(subject, LIFETIME, List.of(role)));
    }

    static RegistryCredentials admin() {
        return as("spotshift-local-infra", ADMIN_ROLE);
    }

    private static String publicKeyBase64(RestIssuer issuer) {
        try {
            return Files.readString(issuer.publicKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
