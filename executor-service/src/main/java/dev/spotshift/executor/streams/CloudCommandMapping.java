package dev.spotshift.executor.streams;

import dev.spotshift.events.CheckpointHead;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.GroupReadBack;
import dev.spotshift.events.LaunchReplacement;
import dev.spotshift.events.MarketHealth;
import dev.spotshift.events.ProbeResult;
import dev.spotshift.events.ProbesRun;
import dev.spotshift.events.ReadMarket;
import dev.spotshift.events.ReplacementResult;
import dev.spotshift.events.RestoreChecked;
import dev.spotshift.events.GroupSize;
import dev.spotshift.events.RestoreGroup;
import dev.spotshift.events.RunProbes;
import dev.spotshift.events.SetGroupShare;
import dev.spotshift.events.ShadowCapacityOrder;
import dev.spotshift.events.ShadowOperation;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.events.ValidateRestore;
import dev.spotshift.events.VerifyCheckpoint;
import dev.spotshift.executor.domain.Command;
import dev.spotshift.executor.domain.GroupSnapshot;
import dev.spotshift.executor.domain.Input;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.PreflightCheck;
import java.time.Instant;
import java.util.Optional;

/** The domain's cloud actions out as {@code CloudCommand}s, and their {@code CloudOutcome}s back in as inputs. */
final class CloudCommandMapping {

    /** The cloud port's kind for "no capacity for the request" (CloudException.Kind), as outcomes carry it. */
    static final String NO_CAPACITY = "INSUFFICIENT_CAPACITY";

    private CloudCommandMapping() {}

    private static dev.spotshift.events.GroupScaling scaling(dev.spotshift.executor.domain.Scaling s) {
        return s == null ? null : new dev.spotshift.events.GroupScaling(s.minSize(), s.maxSize(), s.scaleOutCpuPercent(),
                s.scaleOutAfterMillis(), s.scaleInCpuPercent(), s.scaleInAfterMillis());
    }

    static CloudCommand toCommand(String planId, Command.CloudAction a, boolean dryRun, String deploymentId,
                                  Instant now, String producer, String causationId, String traceparent) {
        CloudCommand.Builder b = CloudCommand.newBuilder()
                .setEnvelope(OutboundMapping.envelope(a.commandId(), planId, now, producer, causationId, traceparent)).setCommandId(a.commandId())
                .setDeploymentId(deploymentId).setDryRun(dryRun);
        if (a instanceof Command.SetSpotShare s) {
            return b.setRegion(s.region()).setAction(new SetGroupShare(s.groupName(), s.spotPercent(),
                    s.onDemandBase(), s.allocationStrategy(), s.instanceTypes(), s.maxPriceMicros(),
                    s.maxPriceFractionOfOnDemand(), scaling(s.scaling()),
                    s.size() == null ? null : new GroupSize(s.size().min(), s.size().max(), s.size().desired())))
                    .build();
        }
        if (a instanceof Command.RestoreGroup r) {
            return b.setRegion(r.region()).setAction(new RestoreGroup(r.groupName(), snapshot(r.snapshot()))).build();
        }
        if (a instanceof Command.RunPreflightProbes p) {
            PlanSpec plan = p.plan();
            return b.setRegion(plan.region()).setAction(new RunProbes(plan.groupName(), plan.checkpointLocation(),
                    plan.fallbackInstanceType(), plan.targetCapacity())).build();
        }
        if (a instanceof Command.VerifyCheckpoint v) {
            return b.setRegion("").setAction(new VerifyCheckpoint(v.warningId(), v.location(), v.sizeBytes(),
                    v.sha256())).build();
        }
        if (a instanceof Command.LaunchReplacement l) {
            return b.setRegion(l.region()).setAction(new LaunchReplacement(l.warningId(), l.groupName(), l.spot(),
                    l.instanceTypes(), l.fallbackType(), l.interruptedInstanceId())).build();
        }
        if (a instanceof Command.ValidateRestore v) {
            return b.setRegion("").setAction(new ValidateRestore(v.warningId(), v.location(), v.sha256())).build();
        }
        if (a instanceof Command.LaunchShadowCapacity l) {
            return b.setRegion(l.region()).setAction(new ReadMarket(l.instanceTypes(), 0L, null))
                    .setShadowCapacity(new ShadowCapacityOrder(ShadowOperation.LAUNCH, l.instanceTypes(), l.count()))
                    .build();
        }
        if (a instanceof Command.RemoveShadowCapacity r) {
            // The read beside a removal names no type: an actuator that predates the order reads nothing.
            return b.setRegion(r.region()).setAction(new ReadMarket(java.util.List.of(), 0L, null))
                    .setShadowCapacity(new ShadowCapacityOrder(ShadowOperation.REMOVE, java.util.List.of(), 0))
                    .build();
        }
        Command.ReadMarket m = (Command.ReadMarket) a;
        return b.setRegion(m.region()).setAction(new ReadMarket(m.instanceTypes(), m.lookbackMillis(),
                m.spotCapacityFor())).build();
    }

    /** Empty for an outcome whose action this executor does not know: the caller records it as ignored. */
    static Optional<Input> toInput(CloudOutcome o) {
        return answer(o).map(a -> new Input.CloudAnswered(o.getEnvelope().getEventId(), o.getCommandId(), a));
    }

    private static Optional<Input> answer(CloudOutcome o) {
        if (o.getShadowInstanceIds() != null) {
            String error = o.getSucceeded() ? null : (o.getError() == null ? "failed without a reason" : o.getError());
            return Optional.of(CloudActions.LAUNCH_SHADOW.equals(o.getAction())
                    ? new Input.ShadowCapacityLaunched(o.getShadowInstanceIds(), error)
                    : new Input.ShadowCapacityRemoved(o.getShadowInstanceIds(), error));
        }
        Object r = o.getResult();
        if (!o.getSucceeded() || r == null) {
            if (o.getTargetSpotPercent() == null) {
                return Optional.empty();
            }
            return Optional.of(new Input.CloudCallFailed(o.getTargetSpotPercent(),
                    o.getError() == null ? "failed without a reason" : o.getError(), o.getCommandId(),
                    NO_CAPACITY.equals(o.getErrorKind()), o.getEnvelope().getEventId()));
        }
        if (r instanceof GroupReadBack g) {
            return Optional.of(new Input.ShareApplied(o.getTargetSpotPercent() == null ? -1 : o.getTargetSpotPercent(),
                    g.getChanged(), g.getSpotInstances()));
        }
        if (r instanceof ProbesRun p) {
            return Optional.of(new Input.ProbesCompleted(p.getChecks().stream().map(CloudCommandMapping::check)
                    .toList(), p.getGroupSnapshot() == null ? null : snapshot(p.getGroupSnapshot())));
        }
        String warningId = o.getWarningId();
        if (warningId == null) {
            if (r instanceof MarketHealth m) {
                return Optional.of(new Input.MarketRead(m.getTypes().stream().map(t -> new Input.TypeHealth(
                        t.getInstanceType(), t.getPriceVariationPercent(), t.getInterruptionRatePercent())).toList(),
                        m.getPlacementScore()));
            }
            return Optional.empty();
        }
        if (r instanceof CheckpointHead h) {
            return Optional.of(new Input.CheckpointVerified(warningId, h.getVerified(), h.getSizeBytes(), h.getSha256(),
                    h.getDetail()));
        }
        if (r instanceof ReplacementResult s) {
            boolean launched = s.getError() == null && s.getInstanceId() != null;
            return Optional.of(new Input.ReplacementStarted(warningId, launched ? s.getInstanceId() : null,
                    launched ? s.getInstanceType() : null, launched ? nullToEmpty(s.getAvailabilityZone()) : null,
                    s.getSpot(), launched ? null : (s.getError() == null ? "nothing launched" : s.getError())));
        }
        if (r instanceof RestoreChecked v) {
            return Optional.of(new Input.RestoreValidated(warningId, v.getValid(), v.getDetail()));
        }
        return Optional.empty();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static PreflightCheck check(ProbeResult r) {
        return new PreflightCheck(r.getCheck(), r.getPassed(), r.getDetail());
    }

    private static dev.spotshift.events.GroupSnapshot snapshot(GroupSnapshot s) {
        return dev.spotshift.events.GroupSnapshot.newBuilder().setMin(s.min()).setMax(s.max()).setDesired(s.desired())
                .setMixedInstancesPolicy(s.mixedInstancesPolicy()).setOnDemandBase(s.onDemandBase())
                .setOnDemandPercentAboveBase(s.onDemandPercentAboveBase()).setAllocationStrategy(s.allocationStrategy())
                .setSpotMaxPrice(s.spotMaxPrice()).setOnDemandAllocationStrategy(s.onDemandAllocationStrategy())
                .setLaunchTemplateId(s.launchTemplateId()).setLaunchTemplateName(s.launchTemplateName())
                .setLaunchTemplateVersion(s.launchTemplateVersion()).setInstanceTypes(s.instanceTypes()).build();
    }

    private static GroupSnapshot snapshot(dev.spotshift.events.GroupSnapshot s) {
        return new GroupSnapshot(s.getMin(), s.getMax(), s.getDesired(), s.getMixedInstancesPolicy(),
                s.getOnDemandBase(), s.getOnDemandPercentAboveBase(), s.getAllocationStrategy(), s.getSpotMaxPrice(),
                s.getOnDemandAllocationStrategy(), s.getLaunchTemplateId(), s.getLaunchTemplateName(),
                s.getLaunchTemplateVersion(), s.getInstanceTypes());
    }
}
