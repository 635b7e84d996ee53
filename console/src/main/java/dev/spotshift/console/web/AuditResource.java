package dev.spotshift.console.web;

import dev.spotshift.audit.HtmlReport;
import dev.spotshift.audit.PlanAudit;
import dev.spotshift.audit.PlanHistory;
import dev.spotshift.audit.Replay;
import dev.spotshift.console.domain.Board;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A plan's audit report, replayed from the log on request: the same replay, verification and HTML timeline as
 * {@code spotshift replay PLAN --html DIR}, so what the console links to is what ops would archive.
 */
@PermitAll
@Path("/plans/{planId}/audit")
public class AuditResource {

    private final Board board;
    private final String bootstrapServers;
    private final String registryUrl;
    private final Duration timeout;
    private final dev.spotshift.schemas.access.OperatorProof proof;

    public AuditResource(Board board, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                         dev.spotshift.console.ConsoleConfig config,
                         @ConfigProperty(name = dev.spotshift.schemas.access.RestAccess.ISSUER) java.util.Optional<String> issuer,
                         @ConfigProperty(name = dev.spotshift.schemas.access.RestAccess.PUBLIC_KEY_LOCATION)
                         java.util.Optional<String> issuerKey) {
        // the issuer whose tokens the console's doors take also vouches for the operator commands it shows
        this.proof = proof(issuer, issuerKey);
        this.board = board;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.timeout = config.auditTimeout();
    }

    /** An unreadable key leaves the page up, every command shown unverified: it only displays; the executor refuses. */
    private static dev.spotshift.schemas.access.OperatorProof proof(java.util.Optional<String> issuer,
                                                                 java.util.Optional<String> issuerKey) {
        try {
            return dev.spotshift.schemas.access.OperatorProof.configured(issuer.orElse(null), issuerKey.orElse(null))
                    .orElse(null);
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(AuditResource.class).warnf(
                    "the audit page shows operator commands unverified: cannot read the token issuer's key (%s)",
                    e.getMessage());
            return null;
        }
    }

    @GET
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public Response report(@PathParam("planId") String planId) {
        if (board.plan(planId).isEmpty()) {
            return ConsoleResource.notFound(planId);
        }
        try (Replay replay = Replay.connect(bootstrapServers, registryUrl, timeout,
                dev.spotshift.schemas.access.ServiceKafkaSecurity.settings()).checkingOperatorsWith(proof)) {
            PlanHistory history = replay.plan(planId, null, null);
            return Response.ok(HtmlReport.render(PlanAudit.of(history))).build();
        }
    }
}
