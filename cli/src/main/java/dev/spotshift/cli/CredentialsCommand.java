package dev.spotshift.cli;

import dev.spotshift.schemas.access.JwtSigner;
import dev.spotshift.schemas.access.Operators;
import dev.spotshift.schemas.access.Principal;
import dev.spotshift.schemas.access.RestAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Credentials for a deployment without an identity provider of its own (compose on a laptop, the local Kubernetes
 * overlay): one RSA key pair as the token issuer, and the tokens each role needs, signed by it. Nothing of this is
 * committed; it is made on the machine that deploys, into a directory the deployment reads (README "Security: making
 * the credentials"). A production deployment takes its tokens from its identity provider instead.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Make the issuer key pair and the role tokens a local deployment needs.",
        subcommands = CredentialsCommand.Mint.class)
public final class CredentialsCommand implements Runnable {

    /** The registry's roles (Apicurio 2.x, from the token's groups). */
    static final String REGISTRY_PUBLISHER_ROLE = "sr-developer";
    static final String REGISTRY_READER_ROLE = "sr-readonly";
    /** The subject the registry records as the schemas' writer. */
    static final String REGISTRY_PUBLISHER = "spotshift-schema-publisher";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "mint", mixinStandardHelpOptions = true,
            description = {"Write into --out: issuer-private.pem, issuer-public.pem, spotshift.env (for",
                    "`docker compose --env-file`), tokens/<name>.jwt and k8s/ (the local overlay's Secret files)."})
    static final class Mint implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--issuer", required = true, description = "The tokens' iss, which the registry and the doors check.")
        String issuer;

        @Option(names = "--out", required = true, description = "A directory of its own (created; files in it replaced).")
        Path out;

        @Option(names = "--lifetime", description = "How long the tokens are valid (ISO-8601, default P30D).")
        Duration lifetime = Duration.ofDays(30);

        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw CliException.error("--lifetime must be positive, was " + lifetime);
            }
            KeyPair pair = JwtSigner.newKeyPair();
            JwtSigner signer = new JwtSigner(issuer, pair.getPrivate());
            Instant now = clock.instant();
            List<String> written = new ArrayList<>();
            try {
                Files.createDirectories(out.resolve("tokens"));
                Files.createDirectories(out.resolve("k8s"));
                secret(out.resolve("issuer-private.pem"), JwtSigner.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                String publicPem = JwtSigner.pem("PUBLIC KEY", pair.getPublic().getEncoded());
                Files.writeString(out.resolve("issuer-public.pem"), publicPem);
                String publicKey = JwtSigner.publicKeyBase64(pair.getPublic());

                StringBuilder env = new StringBuilder("# Made by `spotshift credentials mint` at " + now
                        + "; secrets: keep this file out of version control.\n");
                env.append("SPOTSHIFT_JWT_ISSUER=").append(issuer).append('\n');
                env.append("SPOTSHIFT_REGISTRY_PUBLIC_KEY=").append(publicKey).append('\n');
                String publisher = signer.token(REGISTRY_PUBLISHER, List.of(REGISTRY_PUBLISHER_ROLE), now, lifetime);
                env.append("SPOTSHIFT_REGISTRY_PUBLISHER_TOKEN=").append(publisher).append('\n');
                secret(out.resolve("tokens/registry-publisher.jwt"), publisher);
                secret(out.resolve("k8s/registry-publisher-token"), publisher);
                // each process reads the registry as itself, so the registry's log says who looked up what
                for (Principal p : Principal.values()) {
                    if (p == Principal.OPERATOR) {
                        continue;
                    }
                    String reader = signer.token(p.user(), List.of(REGISTRY_READER_ROLE), now, lifetime);
                    env.append(readerVariable(p)).append('=').append(reader).append('\n');
                    secret(out.resolve("tokens/registry-reader-" + p.user() + ".jwt"), reader);
                    secret(out.resolve("k8s/registry-reader-" + p.user() + "-token"), reader);
                }
                Files.writeString(out.resolve("k8s/registry-public-key"), publicKey);
                Files.writeString(out.resolve("k8s/issuer"), issuer);
                Files.writeString(out.resolve("k8s/rest-public-key.pem"), publicPem);
                // the REST doors' roles: each rostered operator may submit, operate and read; a reader only reads
                for (String person : Operators.roster()) {
                    secret(out.resolve("tokens/rest-" + person + ".jwt"), signer.token(person,
                            List.of(RestAccess.SUBMIT, RestAccess.OPERATE, RestAccess.READ), now, lifetime));
                }
                secret(out.resolve("tokens/rest-reader.jwt"),
                        signer.token("spotshift-reader", List.of(RestAccess.READ), now, lifetime));
                secret(out.resolve("spotshift.env"), env.toString());
                try (var files = Files.walk(out)) {
                    files.filter(Files::isRegularFile).forEach(f -> written.add(out.relativize(f).toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf("issuer %s, tokens valid until %s, in %s (%d files)%n", issuer, now.plus(lifetime), out, written.size());
            o.printf("compose: docker compose --env-file %s up%n", out.resolve("spotshift.env"));
            return ExitCodes.OK;
        }

        /** {@code SPOTSHIFT_REGISTRY_TOKEN_<USER>}, the variable compose hands a process as its SPOTSHIFT_REGISTRY_TOKEN. */
        static String readerVariable(Principal p) {
            return "SPOTSHIFT_REGISTRY_TOKEN_" + p.user().toUpperCase(Locale.ROOT).replace('-', '_');
        }

        /** Written readable by the owner only, where the file system has POSIX permissions. */
        private static void secret(Path file, String content) throws IOException {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException noPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, content);
        }
    }
}
