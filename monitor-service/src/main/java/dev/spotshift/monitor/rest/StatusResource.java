package dev.spotshift.monitor.rest;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.monitor.streams.MonitorTopology;
import dev.spotshift.schemas.access.RestAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The CLI's {@code status}: a plan's status straight from the monitor's store (interactive query).
 * One instance holds every partition today; with several, a miss here would be answered by the
 * instance owning the key (or by reading the compacted migration-status topic).
 */
@Path("/plans/{planId}/status")
public class StatusResource {

    private final KafkaStreams streams;

    StatusResource(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Avro's own JSON rendering of the record: the event contract's field names and values. */
    @GET
    @RolesAllowed(RestAccess.READ)
    @Produces(MediaType.APPLICATION_JSON)
    public String status(@PathParam("planId") String planId) {
        MigrationStatus status;
        try {
            ReadOnlyKeyValueStore<String, MigrationStatus> store = streams.store(StoreQueryParameters
                    .fromNameAndType(MonitorTopology.STATUS_STORE, QueryableStoreTypes.keyValueStore()));
            status = store.get(planId);
        } catch (InvalidStateStoreException e) {
            throw new ServiceUnavailableException("the monitor is (re)starting; try again shortly");
        }
        if (status == null) {
            throw new NotFoundException("no status for plan " + planId);
        }
        return status.toString();
    }
}
