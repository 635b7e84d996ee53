package dev.spotshift.analyzer.cloud;
import dev.spotshift.analyzer.rest.FleetResource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.analyzer.rest.FleetResource;
import dev.spotshift.analyzer.MarketAdapter;
import dev.spotshift.analyzer.domain.FleetDiscovery;
import dev.spotshift.analyzer.domain.FleetReport;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.OnDemandPriceList;
import dev.spotshift.cloud.SpotPricePoint;
import dev.spotshift.cloud.aws.AwsCloud;
import dev.spotshift.cloud.aws.AwsConfig;
import dev.spotshift.cloud.testing.InterceptingProxy;
import dev.spotshift.cloud.testing.Moto;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Fleet discovery against EC2 and Auto Scaling as moto emulates them: the groups and their on-demand instances are
 * created here with the real SDK, the analyzer reads them through the AWS implementation of the port.
 *
 * <p>What moto does not model is supplied the way production supplies it or at the wire: interruption bands from an
 * advisor file ({@value AwsConfig#ADVISOR_FILE}), placement scores from an {@link InterceptingProxy} in front of
 * moto (moto 5 answers GetSpotPlacementScores 500 NotImplementedError, so the proxy answers that one action with an
 * EC2-shaped document and forwards every other request). Spot price history is moto's own: one fixed price per type
 * and zone.
 */
class FleetDiscoveryOnMotoTest {

    /** moto 5's DescribeSpotPriceHistory: "0.00001" USD for every type and zone, stamped 2006-01-02T15:04:05Z. */
    private static final long MOTO_SPOT_MICROS = 10;
    private static final String TYPE = "m5.large";
    private static final int PLACEMENT_SCORE = 9;

    private static Moto moto;
    private static InterceptingProxy hop;
    private static AutoScalingClient autoScaling;
    private static Ec2Client ec2;
    private static Cloud cloud;
    private static String eligible;
    private static String stateful;

    @BeforeAll
    static void createFleetOnMoto(@TempDir Path dir) throws Exception {
        moto = Moto.start();
        hop = InterceptingProxy.answering(moto.endpoint(), "GetSpotPlacementScores",
                placementScores(Moto.REGION, PLACEMENT_SCORE));
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(moto.region())
                .credentialsProvider(moto.credentials()).build();
        autoScaling = AutoScalingClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
                .credentialsProvider(moto.credentials()).build();

        // Given a launch template of on-demand m5.large
        String imageId = ec2.describeImages().images().get(0).imageId();
        String template = "fleet-" + UUID.randomUUID();
        ec2.createLaunchTemplate(b -> b.launchTemplateName(template)
                .launchTemplateData(d -> d.imageId(imageId).instanceType(TYPE)));
        // And a stateless batch group of two instances, and a group of one whose instances say they keep state
        eligible = "etl-" + UUID.randomUUID();
        stateful = "ledger-" + UUID.randomUUID();
        group(template, eligible, 2, List.of(Tag.builder().key("team").value("data").propagateAtLaunch(true).build()));
        group(template, stateful, 1, List.of(Tag.builder().key(FleetDiscovery.STATEFUL_TAG).value("true")
                .propagateAtLaunch(true).build()));

        // And the advisor's data says m5.large is interrupted under 5 % of the time in us-east-1
        Path advisor = dir.resolve("spot-advisor-data.json");
        Files.writeString(advisor, """
                {"spot_advisor":{"us-east-1":{"Linux":{"m5.large":{"s":70,"r":0},"c5n.large":{"s":60,"r":4}}}}}""");
        Map<String, String> config = Moto.config(hop.endpoint());
        config.put(AwsConfig.ADVISOR_FILE, advisor.toString());
        cloud = AwsCloud.fromConfig(config);
    }

    /** EC2's GetSpotPlacementScores answer giving {@code region} the {@code score}. */
    private static String placementScores(String region, int score) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<GetSpotPlacementScoresResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>placement-scores-hop</requestId><spotPlacementScoreSet><item>"
                + "<region>" + region + "</region><score>" + score + "</score>"
                + "</item></spotPlacementScoreSet></GetSpotPlacementScoresResponse>";
    }

    private static void group(String template, String name, int size, List<Tag> tags) {
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name)
                .launchTemplate(t -> t.launchTemplateName(template).version("$Latest"))
                .minSize(size).maxSize(size + 2).desiredCapacity(size)
                .availabilityZones(Moto.REGION + "a", Moto.REGION + "b")
                .tags(tags.stream().map(t -> t.toBuilder().resourceId(name).resourceType("auto-scaling-group").build()).toList()));
    }

    @AfterAll
    static void stopMoto() {
        if (cloud != null) {
            cloud.close();
        }
        if (autoScaling != null) {
            autoScaling.close();
        }
        if (ec2 != null) {
            ec2.close();
        }
        if (hop != null) {
            hop.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void discoveryOnMotoReportsTheStatelessGroupAsACandidateWithItsSavingsAndRulesOutTheStatefulOne() {
        // Given moto's spot price for m5.large is the fixed one this test's figures rest on
        Instant now = Instant.now();
        List<SpotPricePoint> history = cloud.market().spotPriceHistory(Moto.REGION, List.of(TYPE), now.minus(Duration.ofDays(1)), now);
        assertThat(history).as("moto's DescribeSpotPriceHistory for " + TYPE).isNotEmpty()
                .allSatisfy(p -> assertThat(p.priceMicros()).isEqualTo(MOTO_SPOT_MICROS));
        long onDemand = OnDemandPriceList.priceMicros("test", Moto.REGION, TYPE);
        long expectedMonthly = Math.round((onDemand - MOTO_SPOT_MICROS) * 730.0 * 2);

        // When the analyzer's fleet discovery runs for the region through the AWS port
        Clock clock = Clock.systemUTC();
        FleetResource fleet = new FleetResource(cloud, new MarketAdapter(cloud, clock), clock);
        Response response = fleet.discover(Moto.REGION, List.of());

        // Then the stateless group is the one opportunity, with what its two on-demand instances would save
        assertThat(response.getStatus()).as("status of %s", response.getEntity()).isEqualTo(200);
        FleetReport report = (FleetReport) response.getEntity();
        assertThat(report.marketSource()).isEqualTo("aws:" + Moto.REGION);
        assertThat(report.groupsAnalysed()).isEqualTo(2);
        assertThat(report.instancesAnalysed()).isEqualTo(3);
        assertThat(report.opportunities()).isEqualTo(1);
        assertThat(report.monthlySavingsMicros()).isEqualTo(expectedMonthly).isEqualTo(140_145_400L);
        assertThat(response.getHeaderString("X-Summary"))
                .isEqualTo("2 groups (3 instances) analysed in us-east-1, 1 spot opportunities, $140.15 per month");
        assertThat(report.groups()).extracting(FleetReport.GroupFinding::groupName).containsExactly(eligible, stateful);

        FleetReport.GroupFinding candidate = report.groups().get(0);
        assertThat(candidate.candidate()).isTrue();
        assertThat(candidate.instanceType()).isEqualTo(TYPE);
        assertThat(candidate.onDemandInstances()).isEqualTo(2);
        assertThat(candidate.spotInstances()).isZero();
        assertThat(candidate.savingsPercent()).isEqualTo(99.99);
        assertThat(candidate.monthlySavingsMicros()).isEqualTo(expectedMonthly);
        assertThat(candidate.risk()).isEqualTo("LOW");
        assertThat(candidate.recommendedInstanceTypes()).containsExactly(TYPE);
        assertThat(candidate.reasons()).isEmpty();

        // And the stateful group is ruled out by its instances' tag, saving nothing
        FleetReport.GroupFinding ruledOut = report.groups().get(1);
        assertThat(ruledOut.candidate()).isFalse();
        assertThat(ruledOut.onDemandInstances()).isEqualTo(1);
        assertThat(ruledOut.monthlySavingsMicros()).isZero();
        assertThat(ruledOut.reasons()).containsExactly("tagged spotshift:stateful=true: keeps state on the instance");

        // And the placement scores came over the wire (moto has none; the hop answered them)
        assertThat(hop.answered()).isPositive();
    }
}
