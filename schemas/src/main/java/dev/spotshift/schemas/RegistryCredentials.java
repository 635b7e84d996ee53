package dev.spotshift.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How a client proves who it is to the schema registry. The registry lets anyone read but only the publishing principal
 * write (README "Security"), so only the schema-publishing step needs credentials; a reader's serde sends them too when
 * they are set. Read from the environment a deployment gives the job, in order: a bearer token
 * ({@code SPOTSHIFT_REGISTRY_TOKEN}, or the file {@code SPOTSHIFT_REGISTRY_TOKEN_FILE} names, as a mounted Secret), an
 * identity provider's token by the client-credentials grant ({@code SPOTSHIFT_TOKEN_ENDPOINT}, {@code SPOTSHIFT_CLIENT_ID},
 * {@code SPOTSHIFT_CLIENT_SECRET}, optional {@code SPOTSHIFT_TOKEN_SCOPE}; kept until shortly before it expires), then
 * Apicurio's own basic-auth settings ({@code APICURIO_AUTH_USERNAME} and {@code APICURIO_AUTH_PASSWORD}); each also as a
 * system property ({@code spotshift.registry.token}, {@code spotshift.registry.token-file}, {@code apicurio.auth.username},
 * {@code apicurio.auth.password}). None set: anonymous.
 */
public final class RegistryCredentials {

    public static final RegistryCredentials NONE = new RegistryCredentials(null, "anonymous");
    /** The serde REST client's setting for extra request headers (apicurio-common-rest-client {@code APICURIO_REQUEST_HEADERS_PREFIX}; the resolver's own "apicurio.registry.request.headers." prefix reaches no client in 2.6). */
    static final String SERDE_AUTHORIZATION_HEADER = "apicurio.rest.request.headers.Authorization";

    /** One token source per endpoint, client and scope in this process, so its cached token is shared. */
    private static final Map<String, dev.spotshift.schemas.access.ClientCredentialsToken> CLIENTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final String authorization;
    private final String description;

    private RegistryCredentials(String authorization, String description) {
        this.authorization = authorization;
        this.description = description;
    }

    /** A bearer token (a JWT the registry verifies against its issuer's key). */
    public static RegistryCredentials bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an empty registry token");
        }
        return new RegistryCredentials("Bearer " + token.strip(), "a bearer token");
    }

    /** A user name and password (HTTP basic). */
    public static RegistryCredentials basic(String user, String password) {
        String pair = user + ":" + (password == null ? "" : password);
        return new RegistryCredentials("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
                "basic auth as " + user);
    }

    /** From this process's environment and system properties, as described above. */
    public static RegistryCredentials fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    static RegistryCredentials from(Map<String, String> env, Properties system) {
        String token = first(system.getProperty("spotshift.registry.token"), env.get("SPOTSHIFT_REGISTRY_TOKEN"));
        if (token != null) {
            return bearer(token);
        }
        // an identity provider's token for this client (an operator's, a job's), fetched once and kept until it expires
        String endpoint = first(system.getProperty("spotshift.token-endpoint"), env.get("SPOTSHIFT_TOKEN_ENDPOINT"));
        if (endpoint != null) {
            String client = first(system.getProperty("spotshift.client-id"), env.get("SPOTSHIFT_CLIENT_ID"));
            String secret = first(system.getProperty("spotshift.client-secret"), env.get("SPOTSHIFT_CLIENT_SECRET"));
            String scope = first(system.getProperty("spotshift.token-scope"), env.get("SPOTSHIFT_TOKEN_SCOPE"));
            return new RegistryCredentials("Bearer " + CLIENTS.computeIfAbsent(endpoint + " " + client + " " + scope,
                    k -> new dev.spotshift.schemas.access.ClientCredentialsToken(java.net.URI.create(endpoint), client,
                            secret, scope, java.time.Clock.systemUTC())).token(), "client credentials of " + client);
        }
        String tokenFile = first(system.getProperty("spotshift.registry.token-file"), env.get("SPOTSHIFT_REGISTRY_TOKEN_FILE"));
        if (tokenFile != null) {
            try {
                return bearer(Files.readString(Path.of(tokenFile)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the registry token file " + tokenFile, e);
            }
        }
        String user = first(system.getProperty("apicurio.auth.username"), env.get("APICURIO_AUTH_USERNAME"));
        if (user != null) {
            return basic(user, first(system.getProperty("apicurio.auth.password"), env.get("APICURIO_AUTH_PASSWORD")));
        }
        return NONE;
    }

    /** The {@code Authorization} header value, empty when anonymous. */
    public Optional<String> authorization() {
        return Optional.ofNullable(authorization);
    }

    /** What the Apicurio serde needs to send them: one request header on every registry call. */
    public Map<String, Object> serdeConfig() {
        return authorization == null ? Map.of() : Map.of(SERDE_AUTHORIZATION_HEADER, authorization);
    }

    /** {@code request} with the header, for the plain HTTP calls (rules). */
    public HttpRequest.Builder sign(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    /** Says how, never the secret. */
    @Override
    public String toString() {
        return description;
    }

    private static String first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
