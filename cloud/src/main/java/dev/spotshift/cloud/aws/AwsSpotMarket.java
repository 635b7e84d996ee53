package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.OnDemandPriceList;
import dev.spotshift.cloud.PlacementScore;
import dev.spotshift.cloud.SpotMarket;
import dev.spotshift.cloud.SpotPricePoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.GetSpotPlacementScoresRequest;
import software.amazon.awssdk.services.ec2.model.SpotPlacementScore;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/** The spot market on EC2: price history and placement scores from the API, bands from the advisor's data. */
final class AwsSpotMarket implements SpotMarket {

    private static final String LINUX = "Linux/UNIX";

    private final AwsClients clients;
    private final SpotAdvisorData advisor;

    AwsSpotMarket(AwsClients clients, SpotAdvisorData advisor) {
        this.clients = clients;
        this.advisor = advisor;
    }

    @Override
    public List<SpotPricePoint> spotPriceHistory(String region, List<String> instanceTypes, Instant from, Instant to) {
        String op = "ec2:DescribeSpotPriceHistory";
        List<SpotPrice> prices = clients.call(region, op, () -> {
            List<SpotPrice> all = new ArrayList<>();
            clients.in(region).ec2().describeSpotPriceHistoryPaginator(DescribeSpotPriceHistoryRequest.builder()
                            .instanceTypesWithStrings(instanceTypes).productDescriptions(LINUX)
                            .startTime(from).endTime(to).build())
                    .spotPriceHistory().forEach(all::add);
            return all;
        });
        List<SpotPricePoint> points = new ArrayList<>(prices.size());
        for (int n = 0; n < prices.size(); n++) {
            points.add(toPoint(op, "spotPriceHistory[" + n + "]", prices.get(n)));
        }
        points.sort(Comparator.comparing(SpotPricePoint::at).thenComparing(SpotPricePoint::instanceType)
                .thenComparing(SpotPricePoint::availabilityZone));
        return points;
    }

    /** An AWS answer is outside input: every field we use is checked and a broken one named. */
    static SpotPricePoint toPoint(String op, String where, SpotPrice p) {
        String type = p.instanceTypeAsString();
        if (type == null || type.isBlank()) {
            throw CloudException.invalidAnswer(op, where + ".instanceType", "is missing");
        }
        if (p.availabilityZone() == null || p.availabilityZone().isBlank()) {
            throw CloudException.invalidAnswer(op, where + ".availabilityZone", "is missing");
        }
        if (p.timestamp() == null) {
            throw CloudException.invalidAnswer(op, where + ".timestamp", "is missing");
        }
        return new SpotPricePoint(type, p.availabilityZone(), p.timestamp(), micros(op, where + ".spotPrice", p.spotPrice()));
    }

    static long micros(String op, String field, String usd) {
        if (usd == null || usd.isBlank()) {
            throw CloudException.invalidAnswer(op, field, "is missing");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(usd.trim());
        } catch (NumberFormatException e) {
            throw CloudException.invalidAnswer(op, field, "is not a number: '" + usd + "'");
        }
        if (value.signum() < 0) {
            throw CloudException.invalidAnswer(op, field, "is negative: " + usd);
        }
        return value.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    @Override
    public long onDemandPriceMicros(String region, String instanceType) {
        return OnDemandPriceList.priceMicros("pricing:OnDemandPrice", region, instanceType);
    }

    @Override
    public InterruptionFrequency interruptionFrequency(String region, String instanceType) {
        return advisor.band(region, instanceType);
    }

    @Override
    public List<PlacementScore> placementScores(String region, List<String> instanceTypes, int targetCapacity) {
        String op = "ec2:GetSpotPlacementScores";
        List<SpotPlacementScore> scores = clients.call(region, op, () -> {
            List<SpotPlacementScore> all = new ArrayList<>();
            clients.in(region).ec2().getSpotPlacementScoresPaginator(GetSpotPlacementScoresRequest.builder()
                            .instanceTypes(instanceTypes).targetCapacity(targetCapacity)
                            .regionNames(region).singleAvailabilityZone(false).build())
                    .spotPlacementScores().forEach(all::add);
            return all;
        });
        List<PlacementScore> result = new ArrayList<>();
        for (int n = 0; n < scores.size(); n++) {
            SpotPlacementScore s = scores.get(n);
            if (s.region() == null) {
                throw CloudException.invalidAnswer(op, "spotPlacementScores[" + n + "].region", "is missing");
            }
            if (s.score() == null || s.score() < 1 || s.score() > 10) {
                throw CloudException.invalidAnswer(op, "spotPlacementScores[" + n + "].score",
                        "is not in 1..10: " + s.score());
            }
            result.add(new PlacementScore(s.region(), s.availabilityZoneId(), s.score()));
        }
        return result;
    }
}
