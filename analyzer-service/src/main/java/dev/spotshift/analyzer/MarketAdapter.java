package dev.spotshift.analyzer;

import dev.spotshift.analyzer.domain.TypeMarket;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.SpotPricePoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/** Asks the cloud port about a set of instance types and hands the domain plain {@link TypeMarket}s. */
@ApplicationScoped
public class MarketAdapter {

    private static final Logger LOG = Logger.getLogger(MarketAdapter.class);

    private final Cloud cloud;
    private final Clock clock;

    public MarketAdapter(Cloud cloud, Clock clock) {
        this.cloud = cloud;
        this.clock = clock;
    }

    /** "simulated:<seed>" or "aws:<region>", carried on every assessment for audit. */
    public String source(String region) {
        return cloud.kind().equals("aws") ? "aws:" + region
                : cloud instanceof dev.spotshift.cloud.sim.SimulatedCloud s ? "simulated:" + s.seed() : cloud.kind();
    }

    /**
     * Retried because the AWS APIs throttle; a type the market does not know is not an error here
     * (it becomes an ineligible candidate with a reason), anything else after the retries is.
     */
    @Retry(maxRetries = 3, delay = 200, jitter = 100, abortOn = IllegalArgumentException.class)
    public Map<String, TypeMarket> markets(String region, Collection<String> types, int targetCapacity, Duration lookback) {
        Instant now = clock.instant();
        List<String> typeList = List.copyOf(types);
        Map<String, List<SpotPricePoint>> history = new HashMap<>();
        for (SpotPricePoint p : cloud.market().spotPriceHistory(region, typeList, now.minus(lookback), now)) {
            history.computeIfAbsent(p.instanceType(), t -> new java.util.ArrayList<>()).add(p);
        }
        Map<String, TypeMarket> out = new HashMap<>();
        for (String type : typeList) {
            try {
                out.put(type, new TypeMarket(type, cloud.market().onDemandPriceMicros(region, type),
                        cloud.market().interruptionFrequency(region, type), history.getOrDefault(type, List.of()),
                        cloud.market().placementScores(region, List.of(type), Math.max(1, targetCapacity))));
            } catch (CloudException e) {
                if (e.kind() != CloudException.Kind.NOT_FOUND) {
                    throw e;
                }
                LOG.debugf("market does not know %s in %s: %s", type, region, e.getMessage());
                out.put(type, TypeMarket.unknown(type));
            }
        }
        return out;
    }
}
