package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.infra.ApicurioRegistryProcess;
import dev.spotshift.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `spotshift credentials mint`, the credentials compose and the local overlay need and nobody commits: its key pair and
 * tokens work on a real registry started as compose starts it (trusting the minted issuer's public key, reads and writes
 * behind a login) — the publisher's token publishes, a reader's token reads and cannot write, no token is refused.
 */
class CredentialsMintCommandTest {

    private static final String ISSUER = "https://spotshift.test/issuer";

    @TempDir
    static Path dir;
    private static Map<String, String> env;
    private static ApicurioRegistryProcess registry;

    @BeforeAll
    static void mintAndStartARegistryThatTrustsTheMintedIssuer() throws Exception {
        // Given the credentials minted for a deployment
        CommandLineTest.Run run = CommandLineTest.run("credentials", "mint", "--issuer", ISSUER, "--out",
                dir.resolve("creds").toString(), "--lifetime", "PT1H");
        assertThat(run.code()).as(run.err()).isZero();
        env = envFile(dir.resolve("creds/spotshift.env"));
        // and the registry as compose runs it, given SPOTSHIFT_JWT_ISSUER and SPOTSHIFT_REGISTRY_PUBLIC_KEY from them
        registry = ApicurioRegistryProcess.start(new ApicurioRegistryProcess.Options().authenticatedReads(true)
                .trustIssuer(env.get("SPOTSHIFT_JWT_ISSUER"), env.get("SPOTSHIFT_REGISTRY_PUBLIC_KEY"))
                .backwardCompatibilityRule(false));
    }

    @AfterAll
    static void stop() {
        System.clearProperty("spotshift.registry.token");
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theEnvFileHoldsWhatComposeNeedsAndEveryTokenIsSignedByTheMintedKey() throws Exception {
        // Then the env file names what compose reads, and the private key is the owner's alone
        assertThat(env).containsKeys("SPOTSHIFT_JWT_ISSUER", "SPOTSHIFT_REGISTRY_PUBLIC_KEY",
                "SPOTSHIFT_REGISTRY_PUBLISHER_TOKEN", "SPOTSHIFT_REGISTRY_TOKEN_ANALYZER", "SPOTSHIFT_REGISTRY_TOKEN_CLI");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("creds/issuer-private.pem"))))
                .isEqualTo("rw-------");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(env.get("SPOTSHIFT_REGISTRY_PUBLIC_KEY"))));
        // and each token verifies against the public key, names the issuer and carries its role
        assertThat(claims(env.get("SPOTSHIFT_REGISTRY_PUBLISHER_TOKEN"), key))
                .contains("\"iss\":\"" + ISSUER + "\"", "\"sub\":\"spotshift-schema-publisher\"", "\"groups\":[\"sr-developer\"]");
        assertThat(claims(env.get("SPOTSHIFT_REGISTRY_TOKEN_ANALYZER"), key))
                .contains("\"sub\":\"analyzer\"", "\"groups\":[\"sr-readonly\"]");
        assertThat(claims(Files.readString(dir.resolve("creds/tokens/rest-alice.jwt")), key))
                .contains("\"sub\":\"alice\"", "spotshift-operate", "spotshift-submit");
        assertThat(Files.readString(dir.resolve("creds/k8s/registry-publisher-token")))
                .isEqualTo(env.get("SPOTSHIFT_REGISTRY_PUBLISHER_TOKEN"));
    }

    @Test
    void everyFileTheLocalOverlaysSecretsAreMadeFromIsMinted() throws Exception {
        // Given the local overlay's secret generators (kustomize reads them from credentials/ at deploy time)
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("docker-compose.yml"))) {
            root = root.getParent();
        }
        Map<String, Object> kustomization = new org.yaml.snakeyaml.Yaml().load(
                Files.readString(root.resolve("k8s/overlays/local/kustomization.yaml")));
        java.util.List<String> files = new java.util.ArrayList<>();
        for (Object g : (java.util.List<?>) kustomization.get("secretGenerator")) {
            for (Object f : (java.util.List<?>) ((Map<?, ?>) g).get("files")) {
                files.add(String.valueOf(f).substring(String.valueOf(f).indexOf('=') + 1));
            }
        }
        // Then mint made each of them (minted into credentials/, as the README says)
        assertThat(files).isNotEmpty().allSatisfy(f -> assertThat(f).startsWith("credentials/"))
                .allSatisfy(f -> assertThat(dir.resolve("creds").resolve(f.substring("credentials/".length()))).isRegularFile());
    }

    @Test
    void theMintedPublisherPublishesAndAReaderOnlyReadsOnTheRegistryThatTrustsThem() throws Exception {
        // When the publishing step runs with the minted publisher's token
        System.setProperty("spotshift.registry.token", env.get("SPOTSHIFT_REGISTRY_PUBLISHER_TOKEN"));
        CommandLineTest.Run run = CommandLineTest.run("schemas", "publish", "--registry-url", registry.registryUrl(),
                "--timeout", "PT120S");
        System.clearProperty("spotshift.registry.token");

        // Then every schema is in; the analyzer's reader token reads one, no token reads nothing
        assertThat(run.code()).as(run.err()).isZero();
        String artifact = "/groups/default/artifacts/" + Topics.AGENT_VOTES.valueArtifactId();
        assertThat(status("GET", artifact, env.get("SPOTSHIFT_REGISTRY_TOKEN_ANALYZER"))).isEqualTo(200);
        assertThat(status("GET", artifact, null)).isEqualTo(401);
        // and the reader's token may not write
        assertThat(status("DELETE", artifact, env.get("SPOTSHIFT_REGISTRY_TOKEN_ANALYZER"))).isEqualTo(403);
    }

    private static String claims(String jwt, PublicKey key) throws Exception {
        String[] parts = jwt.strip().split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signature of " + parts[1]).isTrue();
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    private static int status(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.registryUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, String> envFile(Path file) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }
}
