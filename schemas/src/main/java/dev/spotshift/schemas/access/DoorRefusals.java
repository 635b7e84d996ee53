package dev.spotshift.schemas.access;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Refusals at an HTTP door (the analyzer's intake, the console): each one counted in {@value #METER} with the door,
 * the reason ({@code unauthenticated}: no valid token, {@code forbidden}: the token lacks the role) and the principal
 * ({@code anonymous} without a valid token), and logged once per door, reason and caller, so a client retrying all
 * night leaves one line, not thousands. Here, beside {@link RestAccess}, so every door counts and logs alike.
 */
public final class DoorRefusals {

    /** {@code spotshift_rest_refusals_total{door, reason, principal}}. */
    public static final String METER = "spotshift.rest.refusals";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    /** The principal tag of a caller with no valid token (its address goes to the log line, not to a tag). */
    public static final String ANONYMOUS = "anonymous";
    /** Past this many remembered callers a door forgets them all: a flood of addresses costs memory once. */
    static final int MAX_CALLERS = 10_000;

    private static final Logger LOG = Logger.getLogger(DoorRefusals.class);
    private static final Map<String, DoorRefusals> DOORS = new ConcurrentHashMap<>();

    private final String door;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private DoorRefusals(String door) {
        this.door = door;
    }

    /** The one refusal record of {@code door} in this process. */
    public static DoorRefusals of(String door) {
        return DOORS.computeIfAbsent(door, DoorRefusals::new);
    }

    /**
     * Counts one refusal and logs it if it is this caller's first for this reason.
     *
     * @param principal the token's principal, or {@link #ANONYMOUS}
     * @param caller    who to log once for: {@code principal:<name>} or {@code address:<ip>}
     * @return whether this refusal wrote the caller's log line
     */
    public boolean refused(MeterRegistry meters, String reason, String principal, String caller, String method,
                           String path) {
        meters.counter(METER, "door", door, "reason", reason, "principal", principal).increment();
        boolean first = first(reason, caller);
        if (first) {
            LOG.warnf("refused %s %s at the %s door: %s %s (logged once per caller; counted in %s)", method, path, door,
                    reason, caller, METER);
        }
        return first;
    }

    /**
     * A request without a valid token (none, a bad signature, another issuer, expired): counted, logged once per
     * address, and answered 401 with the bearer challenge as an RFC 9457 problem.
     */
    public jakarta.ws.rs.core.Response unauthenticated(MeterRegistry meters, String address, String method, String path) {
        refused(meters, UNAUTHENTICATED, ANONYMOUS, "address:" + (address == null ? "unknown" : address), method, path);
        return dev.spotshift.schemas.rest.Problem.of("unauthenticated", "A valid bearer token is required", 401,
                        "send Authorization: Bearer <JWT> signed by the configured issuer", path)
                .response().header("WWW-Authenticate", "Bearer").build();
    }

    /** A token without the role the operation needs: counted, logged once per principal, answered 403. */
    public jakarta.ws.rs.core.Response forbidden(MeterRegistry meters, String principal, String method, String path,
                                                 String needed) {
        refused(meters, FORBIDDEN, principal, "principal:" + principal, method, path);
        return dev.spotshift.schemas.rest.Problem.of("forbidden", "The token's roles do not allow this", 403, needed, path)
                .response().build();
    }

    /** True the first time this caller is refused for this reason (then remembered). */
    public boolean first(String reason, String caller) {
        if (seen.size() >= MAX_CALLERS) {
            seen.clear();
        }
        return seen.add(reason + " " + caller);
    }
}
