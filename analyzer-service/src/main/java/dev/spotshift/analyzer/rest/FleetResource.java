package dev.spotshift.analyzer.rest;
import dev.spotshift.analyzer.MarketAdapter;

import dev.spotshift.analyzer.domain.FleetDiscovery;
import dev.spotshift.analyzer.domain.FleetReport;
import dev.spotshift.analyzer.domain.TypeMarket;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.schemas.access.RestAccess;
import dev.spotshift.schemas.plan.AwsRegions;
import dev.spotshift.schemas.rest.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/fleet/{region}?tag=key=value}: which Auto Scaling groups of a region could run
 * on spot and what they would save, from the cloud port (simulated or AWS).
 */
@Path("/api/v1/fleet")
public class FleetResource {

    private final Cloud cloud;
    private final MarketAdapter markets;
    private final FleetDiscovery discovery;

    public FleetResource(Cloud cloud, MarketAdapter markets, Clock clock) {
        this.cloud = cloud;
        this.markets = markets;
        this.discovery = new FleetDiscovery(clock);
    }

    @GET
    @RolesAllowed(RestAccess.READ)
    @Path("/{region}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response discover(@PathParam("region") String region, @QueryParam("tag") List<String> tags) {
        // Checked before the cloud port is asked: an AWS cloud makes a client (and a DNS name) per region it is given.
        if (!AwsRegions.isKnown(region)) {
            return Problem.invalidParameter(400, "region", "UNKNOWN_REGION",
                    "'" + region + "' is not an AWS region (like us-east-1)", "/api/v1/fleet").response().build();
        }
        Map<String, String> filter = new LinkedHashMap<>();
        for (String t : tags) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                return Problem.of("bad-tag-filter", "Tag filters are key=value", 400, "'" + t + "' has no '='", "/api/v1/fleet/" + region)
                        .response().build();
            }
            filter.put(t.substring(0, eq), t.substring(eq + 1));
        }
        try {
            List<GroupState> groups = cloud.capacity().listGroups(region);
            Map<String, TypeMarket> market = markets.markets(region, FleetDiscovery.typesOf(groups), 1, Duration.ofHours(24));
            FleetReport report = discovery.report(region, groups, filter,
                    t -> market.getOrDefault(t, TypeMarket.unknown(t)), markets.source(region));
            return Response.ok(report).header("X-Summary", report.summary()).build();
        } catch (CloudException e) {
            int status = e.kind() == CloudException.Kind.NOT_FOUND ? 404 : e.kind() == CloudException.Kind.ACCESS_DENIED ? 403 : 502;
            return Problem.of("cloud-" + e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    "The cloud could not answer", status, e.getMessage(), "/api/v1/fleet/" + region).response().build();
        }
    }
}
