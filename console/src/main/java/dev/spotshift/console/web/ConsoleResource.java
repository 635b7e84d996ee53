package dev.spotshift.console.web;

import dev.spotshift.console.domain.Board;
import dev.spotshift.console.domain.PlanView;
import dev.spotshift.console.feed.Changes;
import dev.spotshift.console.feed.FeedReader;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The console's pages and their live streams. Read-only: nothing here writes to Kafka. Each page is rendered whole
 * on the server; its stream sends the same live part again, rendered, whenever the plans it shows change, and the
 * page's script swaps it in (server-sent events: one direction is all a viewer needs, and browsers reconnect).
 */
@PermitAll
@Path("/")
public class ConsoleResource {

    private final Board board;
    private final Changes changes;
    private final FeedReader feed;
    private final dev.spotshift.console.domain.KillSwitchState killSwitch;
    private final Clock clock = Clock.systemUTC();

    public ConsoleResource(Board board, Changes changes, FeedReader feed,
                           dev.spotshift.console.domain.KillSwitchState killSwitch) {
        this.killSwitch = killSwitch;
        this.board = board;
        this.changes = changes;
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String index() {
        return ListPage.page(board.plans(), clock.instant(), feed.skipped(), killSwitch.latest());
    }

    @GET
    @Path("live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> liveList() {
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(""), changes.batches().map(c -> ""))
                .map(x -> ListPage.fragment(board.plans(), clock.instant(), feed.skipped(), killSwitch.latest()));
    }

    @GET
    @Path("plans/{planId}")
    @Produces(MediaType.TEXT_HTML)
    public Response plan(@PathParam("planId") String planId) {
        return board.plan(planId)
                .map(v -> Response.ok(PlanPage.page(v, clock.instant())).build())
                .orElseGet(() -> notFound(planId));
    }

    @GET
    @Path("plans/{planId}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> livePlan(@PathParam("planId") String planId) {
        if (board.plan(planId).isEmpty()) {
            throw new NotFoundException("no plan " + planId);
        }
        return Multi.createBy().concatenating()
                .streams(Multi.createFrom().item(""), changes.batches().filter(c -> c.contains(planId)).map(c -> ""))
                .map(x -> board.plan(planId).map(v -> PlanPage.fragment(v, clock.instant())).orElse(""));
    }

    /** The plans as JSON, for scripts. */
    @GET
    @Path("api/plans")
    @Produces(MediaType.APPLICATION_JSON)
    public List<PlanView> plans() {
        return board.plans();
    }

    @GET
    @Path("api/plans/{planId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response planJson(@PathParam("planId") String planId) {
        return board.plan(planId).map(v -> Response.ok(v).build())
                .orElseGet(() -> Response.status(404).type("application/problem+json")
                        .entity(new Problem("about:blank", "No such migration", 404,
                                "the console knows no plan " + planId, "/api/plans/" + planId)).build());
    }

    /** RFC 9457 problem details. */
    public record Problem(String type, String title, int status, String detail, String instance) {}

    static Response notFound(String planId) {
        return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .entity(ListPage.notFound(planId)).build();
    }
}
