package dev.spotshift.schemas.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.streams.ReplaceStreamThread;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrokerRefusalsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void countHere() {
        BrokerRefusals.countIn(meters);
    }

    @AfterEach
    void backToGlobal() {
        BrokerRefusals.countIn(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    private double count(String principal, String topic, String client) {
        var c = meters.find(BrokerRefusals.METER).tags("principal", principal, "topic", topic, "client", client).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void givenATopicRefusalWhenRecordedTwiceThenItIsCountedTwiceAndLoggedOnce() {
        var refused = new TopicAuthorizationException(Set.of("gate-verdicts"));
        assertThat(BrokerRefusals.record("User:cli", refused, "gate-verdicts", "producer"))
                .containsExactly(new BrokerRefusals.Refusal("User:cli", "gate-verdicts", "producer", true));
        assertThat(BrokerRefusals.record("User:cli", refused, "gate-verdicts", "producer"))
                .containsExactly(new BrokerRefusals.Refusal("User:cli", "gate-verdicts", "producer", false));
        assertThat(count("User:cli", "gate-verdicts", "producer")).isEqualTo(2.0);
        // another principal refused the same topic gets its own line
        assertThat(BrokerRefusals.record("User:executor", refused, "gate-verdicts", "producer"))
                .extracting(BrokerRefusals.Refusal::logged).containsExactly(true);
    }

    @Test
    void givenAFailureThatIsNoRefusalThenNothingIsCounted() {
        assertThat(BrokerRefusals.record("User:cli", new TimeoutException("slow"), "gate-verdicts", "producer")).isEmpty();
        assertThat(meters.find(BrokerRefusals.METER).counters()).isEmpty();
    }

    @Test
    void givenARefusedGroupThenTheGroupIsNamed() {
        var refused = new StreamsException(new GroupAuthorizationException("no", "spotshift-monitor"));
        assertThat(BrokerRefusals.record("User:monitor", refused, null, "streams"))
                .extracting(BrokerRefusals.Refusal::topic).containsExactly("group:spotshift-monitor");
    }

    @Test
    void givenAStreamThreadRefusedByTheBrokerThenItIsCountedAsARefusalAndTheThreadReplaced() {
        var handler = new ReplaceStreamThread(new SimpleMeterRegistry(), "monitor");
        var response = handler.handle(new StreamsException(new TopicAuthorizationException(Set.of("rollback-commands"))));
        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(meters.find(BrokerRefusals.METER).tags("topic", "rollback-commands", "client", "streams").counter())
                .isNotNull();
    }

    @Test
    void givenAClientsSettingsThenThePrincipalIsTheSaslLogin() {
        assertThat(BrokerRefusals.principalOf(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"executor\""
                        + " password=\"x\";"))).isEqualTo("User:executor");
        assertThat(BrokerRefusals.principalOf(Map.of("bootstrap.servers", "127.0.0.1:9092"))).isEqualTo("unauthenticated");
    }
}
