package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.criteriaVerdict;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static dev.spotshift.executor.streams.ContractEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several plans in one task: the punctuator must reach every plan whose timer is due and every live plan when the
 * kill switch changes, including plans it did not write itself since it started (restored from the changelog).
 */
class ManyPlansTopologyTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration BASELINE = Duration.ofSeconds(3);
    private static final Duration VALIDATION = Duration.ofSeconds(4);
    private static final List<String> PLANS = List.of("plan-a", "plan-b", "plan-c");

    private final TopologyFixture executor = new TopologyFixture();

    @AfterEach
    void close() {
        executor.close();
    }

    private void approve(String planId, Duration baseline) {
        executor.send(Topics.MIGRATION_DECISIONS, planId, approved(planId, executor.now, INTERVAL.toMillis(),
                WINDOW.toMillis(), baseline.toMillis(), VALIDATION.toMillis(), "s3://backup-bucket/spot-state/"));
        executor.send(Topics.WORKLOAD_METRICS, planId, metric(planId, executor.now));
    }

    private List<RolloutEvent> events(String planId) {
        return executor.events.stream().filter(e -> e.getEnvelope().getPlanId().equals(planId)).toList();
    }

    private <T> List<T> payloads(String planId, Class<T> type) {
        return events(planId).stream().map(RolloutEvent::getPayload).filter(type::isInstance).map(type::cast)
                .toList();
    }

    private void killSwitch(boolean engaged) {
        executor.driver.createInputTopic(Topics.KILL_SWITCH.name(), new StringSerializer(),
                PlainAvroSerde.of(KillSwitch.class).serializer())
                .pipeInput("global", ContractEvents.killSwitch(executor.now, engaged), executor.now);
    }

    @Test
    void baselineTimersOfPlansRestoredAfterARestartStillFire() {
        // Given three plans in their baseline, each with a pending timer, when the executor is restarted
        PLANS.forEach(p -> approve(p, BASELINE));
        assertThat(PLANS).allSatisfy(p -> assertThat(executor.state(p).stage()).isEqualTo(Stage.BASELINE));
        executor.restart();

        // When the baseline runs out, with no input for any plan since the restart
        executor.advance(BASELINE.plus(TopologyFixture.TICK));

        // Then every plan took its first step
        assertThat(PLANS).allSatisfy(p -> assertThat(payloads(p, RolloutStepStarted.class))
                .extracting(RolloutStepStarted::getStepIndex).containsExactly(0));
    }

    @Test
    void nextStepTimersSetBeforeARestartFireAfterItAndEveryPlanCompletes() {
        // Given three plans on their first step whose gates passed just before the executor restarts
        PLANS.forEach(p -> approve(p, BASELINE));
        executor.advance(BASELINE.plus(TopologyFixture.TICK));
        executor.advance(WINDOW);
        PLANS.forEach(p -> executor.send(Topics.GATE_VERDICTS, p, verdict(p, executor.now, 0, GateResult.PASS)));
        executor.restart();

        // When the step interval runs out with no input, then the remaining gates pass
        executor.advance(INTERVAL.minus(WINDOW));
        assertThat(PLANS).allSatisfy(p -> assertThat(payloads(p, RolloutStepStarted.class)).hasSize(2));
        for (int step = 1; step < 4; step++) {
            executor.advance(WINDOW);
            int s = step;
            PLANS.forEach(p -> executor.send(Topics.GATE_VERDICTS, p, verdict(p, executor.now, s, GateResult.PASS)));
            executor.advance(INTERVAL.minus(WINDOW));
        }
        PLANS.forEach(p -> executor.send(Topics.GATE_VERDICTS, p, criteriaVerdict(p, executor.now, GateResult.PASS)));

        // Then each plan walked all four steps and completed
        assertThat(PLANS).allSatisfy(p -> {
            assertThat(payloads(p, RolloutStepStarted.class)).extracting(RolloutStepStarted::getStepIndex)
                    .containsExactly(0, 1, 2, 3);
            assertThat(executor.state(p).stage()).isEqualTo(Stage.COMPLETED);
        });
    }

    @Test
    void killSwitchReachesEveryLivePlanAndNoFinishedOneEvenAfterARestart() {
        // Given two plans shifting, one still in a long baseline, and one rolled back for good
        approve("plan-a", BASELINE);
        approve("plan-b", BASELINE);
        approve("plan-done", BASELINE);
        executor.advance(BASELINE.plus(TopologyFixture.TICK));
        approve("plan-c", Duration.ofMinutes(10));
        executor.send(Topics.ROLLBACK_COMMANDS, "plan-done", ContractEvents.rollback("plan-done", executor.now,
                "plan-done:ERROR_RATE:1", RollbackLevel.FULL, RollbackTrigger.ERROR_RATE));
        assertThat(executor.state("plan-done").stage()).isEqualTo(Stage.ROLLED_BACK);
        int doneEvents = events("plan-done").size();
        executor.restart();

        // When the kill switch is engaged, and the next punctuation carries it
        killSwitch(true);
        executor.advance(TopologyFixture.TICK);

        // Then the shifting plans went back to on-demand, the one in baseline holds, and the finished one is untouched
        assertThat(List.of("plan-a", "plan-b")).allSatisfy(p -> {
            assertThat(payloads(p, RolledBack.class)).extracting(RolledBack::getTrigger)
                    .containsExactly(RollbackTrigger.KILL_SWITCH);
            assertThat(events(p).get(events(p).size() - 1).getStage()).isEqualTo(MigrationStage.PAUSED);
        });
        assertThat(executor.state("plan-c").stage()).isEqualTo(Stage.PAUSED);
        assertThat(List.of("plan-a", "plan-b", "plan-c"))
                .allSatisfy(p -> assertThat(executor.state(p).killSwitchEngaged()).isTrue());
        assertThat(events("plan-done")).hasSize(doneEvents);
        assertThat(executor.state("plan-done").killSwitchEngaged()).isFalse();

        // When it is released
        killSwitch(false);
        executor.advance(TopologyFixture.TICK);

        // Then the plan it only held resumes its baseline; those it rolled back keep their hold for an operator
        assertThat(executor.state("plan-c").stage()).isEqualTo(Stage.BASELINE);
        assertThat(List.of("plan-a", "plan-b")).allSatisfy(p -> {
            RolloutState s = executor.state(p);
            assertThat(s.stage()).isEqualTo(Stage.PAUSED);
            assertThat(s.killSwitchEngaged()).isFalse();
        });
        assertThat(executor.state("plan-c").killSwitchEngaged()).isFalse();
        assertThat(events("plan-done")).hasSize(doneEvents);
    }

    @Test
    void aSampleThePlanDoesNotNeedLeavesTheStoreAndItsChangelogAlone() {
        // Given a plan shifting (samples are the monitor's business then) and one in its baseline (it sums them)
        approve("plan-a", BASELINE);
        executor.advance(BASELINE.plus(TopologyFixture.TICK));
        approve("plan-b", Duration.ofMinutes(10));
        RolloutState shifting = executor.state("plan-a");
        RolloutState inBaseline = executor.state("plan-b");
        int written = executor.changelog.size();

        // When a sample arrives for each
        executor.send(Topics.WORKLOAD_METRICS, "plan-a", metric("plan-a", executor.now));
        executor.send(Topics.WORKLOAD_METRICS, "plan-b", metric("plan-b", executor.now));

        // Then only the baseline's state changed and was written; the shifting plan's state is as it was
        assertThat(shifting.stage()).isEqualTo(Stage.SHIFTING);
        assertThat(executor.state("plan-a")).isEqualTo(shifting);
        assertThat(executor.state("plan-b").observed().samples()).isEqualTo(inBaseline.observed().samples() + 1);
        assertThat(executor.changelog.subList(written, executor.changelog.size()))
                .extracting(RolloutState::planId).containsExactly("plan-b");
    }
}
