package dev.spotshift.bridge;

import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanParser;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events other services send the bridge, built the way they would. */
final class BridgeEvents {

    static final String REGION = "us-east-1";

    private BridgeEvents() {
    }

    /** The approval of {@link #approved(String, String)} with the plan's checkpoint location set. */
    static MigrationDecision approved(String planId, String group, String checkpointLocation) {
        MigrationDecision d = approved(planId, group);
        d.getPlan().getCheckpoint().setLocation(checkpointLocation);
        return d;
    }

    /** The coordinator's approval of a seconds-based plan on {@code group}. */
    static MigrationDecision approved(String planId, String group) {
        ParsedPlans parsed = PlanParser.parse("""
                apiVersion: spotshift.dev/v1
                kind: MigrationPlan
                name: bridge-test
                mode: live
                workloads:
                  - name: nightly_etl_batch
                    kind: batch-etl
                    region: %s
                    autoScalingGroupName: %s
                    currentInstanceType: m5.large
                    interruptionTolerant: true
                    stateless: true
                    realTimeRequirement: false
                spot:
                  instanceTypes: [m5.large, m5a.large]
                  targetCapacity: 1
                rollout:
                  stepsPercent: [50, 100]
                  stepInterval: PT20S
                  validationWindow: PT10S
                """.formatted(REGION, group));
        if (!parsed.valid()) {
            throw new IllegalStateException("test plan is invalid: " + parsed.errors());
        }
        MigrationPlan plan = parsed.plans().get(0);
        return MigrationDecision.newBuilder()
                .setEnvelope(Envelopes.next(planId, "coordinator-service/test", UUID.randomUUID().toString(),
                        Clock.systemUTC()))
                .setOutcome(DecisionOutcome.APPROVED).setRule(ApprovalRule.UNANIMOUS)
                .setDecidedBy(DecisionBasis.ALL_VOTES).setVotes(List.of()).setReasons(List.of())
                .setPlan(plan).setInstanceTypes(plan.getSpot().getInstanceTypes()).build();
    }

    /** The monitor's terminal status of a plan. */
    static MigrationStatus completed(String planId) {
        return MigrationStatus.newBuilder().setPlanId(planId).setStage(MigrationStage.COMPLETED).setTerminal(true)
                .setSpotPercent(100).setUpdatedAt(Instant.now()).setLastEventId(UUID.randomUUID().toString()).build();
    }
}
