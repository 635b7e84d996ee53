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

    public AuditResource(Board board, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                         dev.spotshift.console.ConsoleConfig config) {
        this.board = board;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.timeout = config.auditTimeout();
    }

    @GET
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public Response report(@PathParam("planId") String planId) {
        if (board.plan(planId).isEmpty()) {
            return ConsoleResource.notFound(planId);
        }
        try (Replay replay = Replay.connect(bootstrapServers, registryUrl, timeout,
                dev.spotshift.schemas.access.ServiceKafkaSecurity.settings())) {
            PlanHistory history = replay.plan(planId, null, null);
            return Response.ok(HtmlReport.render(PlanAudit.of(history))).build();
        }
    }
}
