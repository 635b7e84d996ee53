package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.BreakerSnapshot;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.testing.InterceptingProxy;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.cloud.testing.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every AWS call bounded in time, and a breaker per region and operation that fails fast once a service is unwell. */
@ExtendWith(MotoExtension.class)
class AwsBreakerTest {

    private static final String DESCRIBE_INSTANCES = Emulated.REGION + "/ec2:DescribeInstances";

    private InterceptingProxy proxy;
    private AwsCloud cloud;

    @BeforeEach
    void startProxy(Moto moto) {
        // moto loads a service's backend on its first request, slowly; warmed here it answers within the timeouts.
        try (AwsCloud warm = Emulated.cloud(Emulated.config(moto.endpoint()))) {
            warm.capacity().ownedInstances(Emulated.REGION);
            warm.capacity().listGroups(Emulated.REGION);
        }
        proxy = InterceptingProxy.forwarding(moto.endpoint());
    }

    @AfterEach
    void close() {
        if (cloud != null) {
            cloud.close();
        }
        proxy.close();
    }

    /** Attempts of 1 s, calls of 2.5 s, two attempts; the breaker opens after two failed calls. */
    private AwsCloud cloud(String openFor) {
        Map<String, String> config = Emulated.config(proxy.endpoint());
        config.put(CloudFactory.AWS_MAX_ATTEMPTS, "2");
        config.put(AwsConfig.API_CALL_ATTEMPT_TIMEOUT, "PT1S");
        config.put(AwsConfig.API_CALL_TIMEOUT, "PT2.5S");
        config.put(AwsConfig.BREAKER_FAILURE_THRESHOLD, "2");
        config.put(AwsConfig.BREAKER_OPEN_FOR, openFor);
        cloud = Emulated.cloud(config);
        return cloud;
    }

    private static CloudException failure(Runnable call) {
        try {
            call.run();
        } catch (CloudException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void hangingEndpointFailsTheCallWithinItsTimeoutNamingTheOperation() {
        // Given an endpoint that holds every request for a minute
        AwsCloud c = cloud("PT60S");
        proxy.delay(Duration.ofMinutes(1));
        // When an instance listing is asked for
        long start = System.nanoTime();
        CloudException e = failure(() -> c.capacity().ownedInstances(Emulated.REGION));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // Then it fails as UNAVAILABLE, saying which call timed out, bounded by the 2.5 s call timeout (plus slack)
        assertThat(e.kind()).isEqualTo(CloudException.Kind.UNAVAILABLE);
        assertThat(e.operation()).isEqualTo("ec2:DescribeInstances");
        assertThat(e.getMessage()).contains("ec2:DescribeInstances").contains("timed out");
        assertThat(took).isLessThan(Duration.ofSeconds(4));
        // And no more attempts than max-attempts reached the endpoint
        assertThat(proxy.requests()).isBetween(1, 2);
    }

    @Test
    void breakerOpensAfterThresholdAndFailsFastWithoutReachingTheEndpoint() {
        // Given a hanging endpoint and two timed-out listings (the threshold)
        AwsCloud c = cloud("PT60S");
        proxy.delay(Duration.ofMinutes(1));
        failure(() -> c.capacity().ownedInstances(Emulated.REGION));
        failure(() -> c.capacity().ownedInstances(Emulated.REGION));
        int reached = proxy.requests();
        // When the endpoint recovers and the same call is made again
        proxy.delay(Duration.ZERO);
        long start = System.nanoTime();
        CloudException e = failure(() -> c.capacity().ownedInstances(Emulated.REGION));
        // Then it fails at once, UNAVAILABLE, naming the breaker and until when, and never reaches the endpoint
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(e.kind()).isEqualTo(CloudException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("circuit open for " + DESCRIBE_INSTANCES + " until ");
        assertThat(proxy.requests()).isEqualTo(reached);
        // And the snapshot shows it open, with its failures and a reopening time a minute away
        assertThat(c.breakers()).filteredOn(b -> b.name().equals(DESCRIBE_INSTANCES)).singleElement().satisfies(b -> {
            assertThat(b.state()).isEqualTo(BreakerSnapshot.State.OPEN);
            assertThat(b.consecutiveFailures()).isEqualTo(2);
            assertThat(b.openUntil()).isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));
        });
        // And another operation of the same region has its own breaker, still closed
        assertThat(c.capacity().listGroups(Emulated.REGION)).isEmpty();
        assertThat(c.breakers()).extracting(BreakerSnapshot::name, BreakerSnapshot::state).contains(
                org.assertj.core.groups.Tuple.tuple(Emulated.REGION + "/autoscaling:DescribeAutoScalingGroups",
                        BreakerSnapshot.State.CLOSED));
    }

    @Test
    void openBreakerLetsOneTrialCallThroughAfterOpenForAndClosesWhenItSucceeds() {
        // Given a breaker opened by a hanging endpoint, which then recovers
        AwsCloud c = cloud("PT1S");
        proxy.delay(Duration.ofMinutes(1));
        failure(() -> c.capacity().ownedInstances(Emulated.REGION));
        failure(() -> c.capacity().ownedInstances(Emulated.REGION));
        proxy.delay(Duration.ZERO);
        // When calls keep coming, the first after open-for is the trial, and it succeeds
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .ignoreException(CloudException.class)
                .until(() -> c.capacity().ownedInstances(Emulated.REGION), List::isEmpty);
        // Then the breaker is closed with no failures counted
        assertThat(c.breakers()).filteredOn(b -> b.name().equals(DESCRIBE_INSTANCES)).singleElement()
                .isEqualTo(new BreakerSnapshot(DESCRIBE_INSTANCES, BreakerSnapshot.State.CLOSED, 0, null));
    }

    @Test
    void answersThatProveTheServiceIsUpNeverOpenTheBreaker() {
        // Given a healthy endpoint that answers "no such instance" (a 400) over and over
        AwsCloud c = cloud("PT60S");
        for (int n = 0; n < 4; n++) {
            assertThatThrownBy(() -> c.capacity().describeInstances(Emulated.REGION, List.of("i-0123456789abcdef0")))
                    .isInstanceOf(CloudException.class)
                    .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
        }
        // Then the breaker stays closed: the service answered every time
        assertThat(c.breakers()).singleElement()
                .isEqualTo(new BreakerSnapshot(DESCRIBE_INSTANCES, BreakerSnapshot.State.CLOSED, 0, null));
        assertThat(proxy.requests()).isEqualTo(4);
    }
}
