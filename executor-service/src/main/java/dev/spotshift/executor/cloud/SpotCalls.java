package dev.spotshift.executor.cloud;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.SpotPricePoint;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.executor.domain.Command;
import dev.spotshift.executor.domain.Input;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The interruption path's and the return-to-spot's cloud calls; each answers with the domain's input. */
final class SpotCalls {

    /** Tag on a replacement naming the instance it replaces, so an audit can pair them in the cloud too. */
    static final String REPLACES_TAG = "spotshift:replaces";

    private final Cloud cloud;

    SpotCalls(Cloud cloud) {
        this.cloud = cloud;
    }

    /** The workload says what it wrote; the store must hold exactly that (size and checksum recorded at write). */
    Input.CheckpointVerified verify(Command.VerifyCheckpoint c) {
        try {
            Optional<StoredObject> head = cloud.checkpoints().head(URI.create(c.location()));
            if (head.isEmpty()) {
                return new Input.CheckpointVerified(c.warningId(), false, 0, null, "no object at " + c.location());
            }
            StoredObject o = head.get();
            if (c.sha256() != null && !c.sha256().equalsIgnoreCase(o.sha256())) {
                return new Input.CheckpointVerified(c.warningId(), false, o.sizeBytes(), o.sha256(),
                        "reported sha256 " + c.sha256() + " but the store holds " + o.sha256());
            }
            return new Input.CheckpointVerified(c.warningId(), true, o.sizeBytes(), o.sha256(), "present");
        } catch (CloudException | IllegalArgumentException e) {
            return new Input.CheckpointVerified(c.warningId(), false, 0, null, e.getMessage());
        }
    }

    /** Spot in the given types first; on-demand of the fallback type when spot has no capacity (or was not asked). */
    Input.ReplacementStarted launch(Command.LaunchReplacement c) {
        Map<String, String> tags = Map.of(REPLACES_TAG, c.interruptedInstanceId());
        String spotProblem = null;
        if (c.spot()) {
            try {
                return started(c, cloud.capacity().launch(new LaunchRequest(c.region(), null, c.instanceTypes(),
                        Lifecycle.SPOT, c.planId(), tags)));
            } catch (CloudException e) {
                spotProblem = e.getMessage();
            }
        }
        try {
            return started(c, cloud.capacity().launch(new LaunchRequest(c.region(), null, List.of(c.fallbackType()),
                    Lifecycle.ON_DEMAND, c.planId(), tags)));
        } catch (CloudException e) {
            return new Input.ReplacementStarted(c.warningId(), null, null, null, false,
                    (spotProblem == null ? "" : "spot: " + spotProblem + "; ") + "on-demand: " + e.getMessage());
        }
    }

    private static Input.ReplacementStarted started(Command.LaunchReplacement c, InstanceInfo i) {
        return new Input.ReplacementStarted(c.warningId(), i.instanceId(), i.instanceType(),
                i.availabilityZone() == null ? "" : i.availabilityZone(), i.lifecycle() == Lifecycle.SPOT, null);
    }

    /** What the replacement restores from: the store's get checks the content against the checksum recorded at write. */
    Input.RestoreValidated validate(Command.ValidateRestore c) {
        try {
            byte[] data = cloud.checkpoints().get(URI.create(c.location()));
            String actual = dev.spotshift.cloud.Checksums.sha256Hex(data);
            return actual.equalsIgnoreCase(c.sha256())
                    ? new Input.RestoreValidated(c.warningId(), true, data.length + " bytes, sha256 " + actual)
                    : new Input.RestoreValidated(c.warningId(), false, "read back sha256 " + actual + ", expected "
                    + c.sha256());
        } catch (CloudException | IllegalArgumentException e) {
            return new Input.RestoreValidated(c.warningId(), false, e.getMessage());
        }
    }

    /**
     * Price variation per type: (max - min) / min of each pool (type x AZ) over the lookback, the type reading as
     * its most volatile pool (zones differ in price level, which is no variation); the advisor band's lower bound as
     * its interruption rate (UNDER_5 reads 0 %). A type the market cannot answer for reads as unhealthy.
     */
    Input.MarketRead market(Command.ReadMarket c, Instant now) {
        List<Input.TypeHealth> out = new ArrayList<>();
        for (String type : c.instanceTypes()) {
            try {
                Map<String, LongSummaryStatistics> pools = cloud.market().spotPriceHistory(c.region(), List.of(type),
                        now.minusMillis(c.lookbackMillis()), now).stream().collect(Collectors.groupingBy(
                        SpotPricePoint::availabilityZone, Collectors.summarizingLong(SpotPricePoint::priceMicros)));
                double variation = pools.isEmpty() ? 100.0 : pools.values().stream()
                        .mapToDouble(p -> p.getMin() == 0 ? 100.0 : 100.0 * (p.getMax() - p.getMin()) / p.getMin())
                        .max().orElse(100.0);
                out.add(new Input.TypeHealth(type, variation, lowerBound(
                        cloud.market().interruptionFrequency(c.region(), type))));
            } catch (CloudException e) {
                out.add(new Input.TypeHealth(type, 100.0, 100.0));
            }
        }
        return new Input.MarketRead(out);
    }

    private static double lowerBound(InterruptionFrequency band) {
        InterruptionFrequency[] all = InterruptionFrequency.values();
        return band.ordinal() == 0 ? 0.0 : all[band.ordinal() - 1].upperBoundPercent();
    }
}
