package dev.spotshift.demo;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.simulator.domain.Scenario;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** {@code ./spotshift demo --cloud aws}: the plan's world created in moto before it is submitted, and shown after. */
final class AwsDemoWorld {

    private AwsDemoWorld() {}

    /** Each plan's Auto Scaling group (all on-demand, on a MixedInstancesPolicy) and checkpoint bucket, in moto. */
    static void prepare(MotoAccount moto, List<MigrationPlan> plans, Scenario scenario, PrintWriter out) {
        for (MigrationPlan p : plans) {
            String group = p.getWorkload().getAutoScalingGroupName();
            if (group == null) {
                out.println("  plan workload " + p.getWorkload().getName() + " names no Auto Scaling group; on moto the demo"
                        + " runs group plans only");
                continue;
            }
            List<String> types = new ArrayList<>(List.of(p.getWorkload().getCurrentInstanceType()));
            p.getSpot().getInstanceTypes().stream().filter(t -> !types.contains(t)).forEach(types::add);
            moto.createGroup(group, types, p.getSpot().getTargetCapacity(), p.getWorkload().getAzPreference());
            if (p.getCheckpoint() != null && p.getCheckpoint().getLocation() != null) {
                moto.createBucket(URI.create(p.getCheckpoint().getLocation()).getHost());
            }
            out.println("  in moto: Auto Scaling group " + group + " (" + p.getSpot().getTargetCapacity() + " x "
                    + String.join("/", types) + ", 100 % on-demand above a base of 0)");
        }
        if (scenario.name().toLowerCase().contains("interruption")) {
            out.println("  note: on moto a spot interruption comes through the SQS queue (EventBridge's message); this"
                    + " scenario's simulated warnings are not sent there");
        }
    }

    /** The groups as moto has them now, read through the port as the services read them. */
    static void describe(DemoStack stack, List<MigrationPlan> plans, PrintWriter out) {
        for (MigrationPlan p : plans) {
            String group = p.getWorkload().getAutoScalingGroupName();
            if (group == null) {
                continue;
            }
            GroupState g = stack.describeGroup(p.getWorkload().getRegion(), group);
            out.println("Group " + group + " in moto now: on-demand " + g.onDemandPercentAboveBase()
                    + " % above a base of " + g.onDemandBase() + ", desired " + g.desired() + ", running "
                    + g.activeCount(Lifecycle.SPOT) + " spot / " + g.activeCount(Lifecycle.ON_DEMAND) + " on-demand ("
                    + String.join(", ", g.instances().stream().filter(InstanceInfo::isActive)
                            .map(i -> i.instanceId() + " " + i.instanceType()).toList()) + ")");
        }
    }
}
