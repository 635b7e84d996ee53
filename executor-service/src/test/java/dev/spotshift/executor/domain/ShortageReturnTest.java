package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The way back to the primary after a spot capacity shortage, with hysteresis: healthy prices are not enough (a
 * shortage is not in the prices), the primary's spot placement score for the share that found no capacity must read
 * cleared for the plan's hold-down (15 min), so a lasting or oscillating shortage never sends the plan back and forth.
 * The pilot with a backup group, its primary read at 4 instances; step 2 (75 %: 3 spot) found no capacity after
 * step 1 (50 %) passed, and step 1's share runs in the backup.
 */
class ShortageReturnTest {

    private static final List<String> TYPES = List.of("m5.large", "m5a.large", "m5n.large");
    private static final long HOLD_DOWN = Plans.withBackup().spotRules().returnToSpotHoldMillis();
    private static final long CHECK = RolloutScenario.SETTINGS.spot().marketCheckMillis();

    private final RolloutScenario run = new RolloutScenario();
    private final List<Command.ReadMarket> reads = new ArrayList<>();

    private void failedOverForAShortageAtStepTwo() {
        run.groupRead = new GroupSnapshot(4, 6, 4, true, 0, 100, "capacity-optimized", null, "prioritized", "lt-etl",
                null, "$Latest", TYPES);
        run.atStep(Plans.withBackup(), 1);
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);
        run.answerShares = false;
        run.advance(Plans.INTERVAL_MS - Plans.WINDOW_MS);
        run.answerShares = true;
        Command.SetSpotShare stepTwo = run.lastCommand(Command.SetSpotShare.class);
        String outcome = RolloutScenario.id();
        run.apply(new Input.CloudAnswered(outcome, stepTwo.commandId(), new Input.CloudCallFailed(75,
                "InsufficientInstanceCapacity: no spot capacity in us-east-1", stepTwo.commandId(), true, outcome)));
        Command.RunPreflightProbes probes = run.lastCommand(Command.RunPreflightProbes.class);
        run.apply(new Input.CloudAnswered(RolloutScenario.id(), probes.commandId(),
                new Input.ProbesCompleted(Plans.allProbesPass(), Plans.backupGroup())));
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.ACTIVE);
        assertThat(run.state.pausedBy(PauseCondition.Reason.CAPACITY_SHORTAGE)).isTrue();
        run.forgetOutput();
    }

    /** Every market check for {@code minutes}: prices healthy, the n-th check's placement score from {@code score}. */
    private void marketFor(int minutes, IntUnaryOperator score) {
        for (long i = 0; i < minutes * 60_000L / CHECK; i++) {
            int before = run.commands.size();
            run.advance(CHECK);
            List<Command> sent = List.copyOf(run.commands.subList(before, run.commands.size()));
            for (Command c : sent) {
                if (c instanceof Command.ReadMarket read) {
                    reads.add(read);
                    run.apply(new Input.MarketRead(TYPES.stream().map(t -> new Input.TypeHealth(t, 5.0, 0.0)).toList(),
                            score.applyAsInt(reads.size() - 1)));
                }
            }
        }
    }

    private List<Payload.Resumed> returns() {
        return run.published(Payload.Resumed.class);
    }

    @Test
    void aLastingShortageNeverBringsThePlanBackHoweverHealthyThePricesRead() {
        // Given the share failed over for a shortage in us-east-1
        failedOverForAShortageAtStepTwo();

        // When for ten hours the prices read healthy but the placement score for step 2's 3 spot instances stays 2
        marketFor(600, n -> 2);

        // Then every check asked the score for the 3 instances that found no capacity, and the plan never came back
        assertThat(reads).hasSizeGreaterThan(500)
                .allSatisfy(r -> assertThat(r.spotCapacityFor()).isEqualTo(3));
        assertThat(returns()).isEmpty();
        assertThat(run.shares("us-east-1")).isEmpty();
        assertThat(run.restores("us-east-2")).isEmpty();
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.ACTIVE);
        assertThat(run.state.pausedBy(PauseCondition.Reason.CAPACITY_SHORTAGE)).isTrue();
    }

    @Test
    void aShortageThatComesAndGoesWithinTheHoldDownNeverBringsThePlanBack() {
        // Given the share failed over for a shortage in us-east-1
        failedOverForAShortageAtStepTwo();

        // When for ten hours the score reads cleared (9) for 14 of every 15 minutes and short (3) in the 15th
        long perCycle = HOLD_DOWN / CHECK;
        marketFor(600, n -> n % perCycle == perCycle - 1 ? 3 : 9);

        // Then the clock restarts with every short reading: no fail-back, no flapping, the backup keeps the share
        assertThat(returns()).isEmpty();
        assertThat(run.shares("us-east-1")).isEmpty();
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.ACTIVE);
    }

    @Test
    void aScoreOnlyInsideTheDeadBandNeitherStartsTheClockNorBringsThePlanBack() {
        // Given the share failed over for a shortage in us-east-1
        failedOverForAShortageAtStepTwo();

        // When for ten hours the score reads 6: no longer short, not yet cleared
        marketFor(600, n -> Recovery.SHORTAGE_CLEARED - 1);

        // Then the return clock never started
        assertThat(run.state.spot().healthySince()).isNull();
        assertThat(returns()).isEmpty();
    }

    @Test
    void capacityClearedForTheHoldDownFailsBackOnceEvenWithDeadBandReadingsInBetween() {
        // Given the share failed over for a shortage in us-east-1
        failedOverForAShortageAtStepTwo();

        // When the score reads 8 from now on, with a 6 (inside the dead band) every fifth check
        marketFor(10, n -> n % 5 == 4 ? 6 : 8);
        assertThat(returns()).as("not before the hold-down").isEmpty();
        marketFor(10, n -> n % 5 == 4 ? 6 : 8);

        // Then exactly one return, a hold-down after the first cleared reading: the backup group restored as read,
        // step 1 re-run in us-east-1, the reason naming the capacity that came back
        assertThat(returns()).singleElement().satisfies(r -> assertThat(r.by())
                .contains("spot capacity back in us-east-1 (placement score 8 for 3 instances)",
                        "fail-back from us-east-2/etl-asg-backup"));
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.shares("us-east-1")).first().satisfies(s -> assertThat(s.spotPercent()).isEqualTo(50));
        assertThat(run.state.pausedBy(PauseCondition.Reason.CAPACITY_SHORTAGE)).isFalse();
    }

    @Test
    void aReturnComesOnlyAHoldDownAfterTheLastShortReading() {
        // Given the share failed over for a shortage in us-east-1
        failedOverForAShortageAtStepTwo();

        // When the score reads short for an hour, then cleared
        marketFor(60, n -> 2);
        java.time.Instant lastShort = run.now;
        marketFor(30, n -> 9);

        // Then the one return came no sooner than a hold-down after the last short reading
        assertThat(returns()).hasSize(1);
        java.time.Instant returned = run.published(Payload.Resumed.class).isEmpty() ? null : returnedAt();
        assertThat(returned).isAfterOrEqualTo(lastShort.plusMillis(HOLD_DOWN));
    }

    /** When the plan came back: the first step asked of the primary after the failover. */
    private java.time.Instant returnedAt() {
        return run.state.spot().returns() == 1 ? run.state.gate().startedAt() : null;
    }
}
