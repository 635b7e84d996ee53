package dev.spotshift.schemas.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class StreamsPoliciesTest {

    @Test
    void replacesADeadStreamThreadAndCountsIt() {
        // Given the policy
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReplaceStreamThread policy = new ReplaceStreamThread(registry, "monitor-service");

        // When a processor's exception escapes twice
        StreamThreadExceptionResponse first = policy.handle(new RuntimeException("wrapped", new IllegalStateException("boom")));
        policy.handle(new IllegalStateException("again"));

        // Then the thread is replaced, not the client shut down, and the counter says why
        assertThat(first).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(registry.counter(ReplaceStreamThread.METER, "exception", "IllegalStateException").count()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"RUNNING", "REBALANCING"})
    void isReadyWhileTheClientProcesses(KafkaStreams.State state) {
        assertThat(new StreamsReadiness(() -> state).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"CREATED", "ERROR", "PENDING_SHUTDOWN", "NOT_RUNNING", "PENDING_ERROR"})
    void isNotReadyWhenTheClientDoesNotProcess(KafkaStreams.State state) {
        HealthCheckResponse answer = new StreamsReadiness(() -> state).call();

        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(answer.getData()).hasValueSatisfying(d -> assertThat(d.get("state")).isEqualTo(state.name()));
    }

    @Test
    void isNotReadyWhenThereIsNoClient() {
        HealthCheckResponse answer = new StreamsReadiness(() -> {
            throw new IllegalStateException("topics missing");
        }).call();

        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
