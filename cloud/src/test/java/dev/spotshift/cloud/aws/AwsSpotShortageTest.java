package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.cloud.testing.MotoExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.DescribeScalingActivitiesRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A spot shortage read from the group's scaling activities with the real SDK against moto. Moto 5.2.1 answers
 * DescribeScalingActivities with an empty list whatever happened (it models no spot launches in Auto Scaling), so
 * the failed activity AWS writes is put in moto's answer, as the XML AWS sends, on its way back to the SDK.
 */
@ExtendWith(MotoExtension.class)
class AwsSpotShortageTest {

    private static final String GROUP = "etl";
    private static final String FAILED_SPOT_LAUNCH = "Could not launch Spot Instances. InsufficientInstanceCapacity - "
            + "There is no Spot capacity available that matches your request. Launching EC2 instance failed.";

    private final List<DescribeScalingActivitiesRequest> reads = new CopyOnWriteArrayList<>();
    /** When set, the body DescribeScalingActivities answers with instead of moto's. */
    private volatile String answer;
    private AwsCloud cloud;
    private AutoScalingClient autoScaling;
    private Ec2Client ec2;

    @BeforeEach
    void start(Moto moto) {
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Emulated.region())
                .credentialsProvider(Emulated.credentials()).build();
        autoScaling = AutoScalingClient.builder().endpointOverride(moto.endpoint()).region(Emulated.region())
                .credentialsProvider(Emulated.credentials()).build();
        String imageId = ec2.describeImages().images().get(0).imageId();
        ec2.createLaunchTemplate(b -> b.launchTemplateName(GROUP + "-lt")
                .launchTemplateData(d -> d.imageId(imageId).instanceType("m5.large")));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(GROUP).minSize(0).maxSize(4).desiredCapacity(2)
                .availabilityZones("us-east-1a", "us-east-1b")
                .mixedInstancesPolicy(p -> p
                        .launchTemplate(lt -> lt.launchTemplateSpecification(s -> s.launchTemplateName(GROUP + "-lt")
                                .version("$Latest")).overrides(o -> o.instanceType("m5.large")))
                        .instancesDistribution(d -> d.onDemandBaseCapacity(0).onDemandPercentageAboveBaseCapacity(100)
                                .spotAllocationStrategy("capacity-optimized"))));
        Map<String, String> config = Emulated.config(moto.endpoint());
        config.put(AwsConfig.IMAGE_ID, imageId);
        cloud = Emulated.cloud(config, ClientOverrideConfiguration.builder().addExecutionInterceptor(new Activities())
                .build());
    }

    @AfterEach
    void close() {
        cloud.close();
        autoScaling.close();
        ec2.close();
    }

    /** Counts the activity reads and, when {@link #answer} is set, answers them with it. */
    private final class Activities implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof DescribeScalingActivitiesRequest r) {
                reads.add(r);
            }
        }

        /** Moto's checksum and length are of its own body, not of the one put in its place. */
        @Override
        public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
                                                                             ExecutionAttributes attributes) {
            if (answer != null && "DescribeScalingActivities".equals(
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                return context.httpResponse().toBuilder().removeHeader("x-amz-crc32").removeHeader("Content-Length")
                        .build();
            }
            return context.httpResponse();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                               ExecutionAttributes attributes) {
            String body = answer;
            if (body != null && "DescribeScalingActivities".equals(
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            }
            return context.responseBody();
        }
    }

    private static String activities(Instant start, String statusCode, String statusMessage, String description) {
        return "<DescribeScalingActivitiesResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                + "<DescribeScalingActivitiesResult><Activities><member>"
                + "<ActivityId>5a4a1b2c-0000-4000-8000-000000000001</ActivityId>"
                + "<AutoScalingGroupName>" + GROUP + "</AutoScalingGroupName>"
                + "<Description>" + description + "</Description>"
                + "<Cause>At " + start + " a user request update of AutoScalingGroup constraints to min: 0, max: 4, "
                + "desired: 2 changing the desired capacity from 2 to 2.</Cause>"
                + "<StartTime>" + start + "</StartTime><EndTime>" + start.plusSeconds(3) + "</EndTime>"
                + "<StatusCode>" + statusCode + "</StatusCode>"
                + (statusMessage == null ? "" : "<StatusMessage>" + statusMessage + "</StatusMessage>")
                + "<Progress>100</Progress></member></Activities></DescribeScalingActivitiesResult>"
                + "<ResponseMetadata><RequestId>7e0b7a9c-0000-4000-8000-000000000002</RequestId></ResponseMetadata>"
                + "</DescribeScalingActivitiesResponse>";
    }

    private void givenHalfOnSpot() {
        cloud.capacity().setSpotShare(Emulated.REGION, GROUP, new SpotShare(0, 50, SpotShare.CAPACITY_OPTIMIZED,
                List.of("m5.large")));
    }

    @Test
    void readsTheGroupsNewestActivitiesOnceAndFindsNoShortageInMotosAnswer() {
        // Given a share change on moto
        Instant change = Instant.now().minusSeconds(1);
        givenHalfOnSpot();

        // When the shortage is read without a watch
        Optional<String> shortage = cloud.capacity().spotShortage(Emulated.REGION, GROUP, change, Duration.ZERO);

        // Then one read of the group's newest page, parsed by the SDK, and no shortage
        assertThat(shortage).isEmpty();
        assertThat(reads).singleElement().satisfies(r -> {
            assertThat(r.autoScalingGroupName()).isEqualTo(GROUP);
            assertThat(r.maxRecords()).isEqualTo(50);
        });
    }

    @Test
    void reportsTheFailedSpotLaunchAutoScalingWritesAfterTheChange() {
        // Given a change, after which Auto Scaling's launch of spot failed for capacity
        Instant change = Instant.now().minusSeconds(10);
        givenHalfOnSpot();
        answer = activities(change.plusSeconds(4), "Failed", FAILED_SPOT_LAUNCH,
                "Launching a new EC2 instance.  Status Reason: " + FAILED_SPOT_LAUNCH);

        // When the shortage is read with a watch, Then it is found at once (the launch ended) and names AWS's reason
        long t0 = System.nanoTime();
        Optional<String> shortage = cloud.capacity().spotShortage(Emulated.REGION, GROUP, change, Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(shortage).hasValueSatisfying(m -> assertThat(m).contains("group 'etl'",
                "InsufficientInstanceCapacity", "no Spot capacity available"));
        assertThat(reads).hasSize(1);
    }

    @Test
    void aFailureOlderThanTheChangeIsNotThisChangesShortage() {
        Instant change = Instant.now();
        answer = activities(change.minusSeconds(120), "Failed", FAILED_SPOT_LAUNCH, "Launching a new EC2 instance.  "
                + "Status Reason: " + FAILED_SPOT_LAUNCH);

        assertThat(cloud.capacity().spotShortage(Emulated.REGION, GROUP, change, Duration.ZERO)).isEmpty();
    }

    @Test
    void watchesNoLongerThanItsBoundWhenNoLaunchEnds() {
        // Given a change whose launches moto never reports
        Instant change = Instant.now();
        givenHalfOnSpot();

        // When watched for 3 s
        long t0 = System.nanoTime();
        Optional<String> shortage = cloud.capacity().spotShortage(Emulated.REGION, GROUP, change, Duration.ofSeconds(3));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // Then it read every 2 s until the bound and gave up finding nothing
        assertThat(shortage).isEmpty();
        assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(15));
        assertThat(reads.size()).isBetween(2, 4);
    }
}
