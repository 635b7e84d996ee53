package dev.spotshift.executor.actuation;

import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.events.GroupSnapshot;
import java.util.Objects;

/** The cloud port's group configuration to and from the contract's snapshot, part for part. */
final class Snapshots {

    private Snapshots() {}

    static GroupSnapshot fromConfig(GroupConfig g) {
        GroupConfig.TemplateRef t = g.launchTemplate();
        return GroupSnapshot.newBuilder().setMin(g.min()).setMax(g.max()).setDesired(g.desired())
                .setMixedInstancesPolicy(g.mixedInstancesPolicy()).setOnDemandBase(g.onDemandBase())
                .setOnDemandPercentAboveBase(g.onDemandPercentAboveBase())
                .setAllocationStrategy(g.spotAllocationStrategy()).setSpotMaxPrice(g.spotMaxPrice())
                .setOnDemandAllocationStrategy(g.onDemandAllocationStrategy())
                .setLaunchTemplateId(t == null ? null : t.id()).setLaunchTemplateName(t == null ? null : t.name())
                .setLaunchTemplateVersion(t == null ? null : t.version()).setInstanceTypes(g.instanceTypes()).build();
    }

    static GroupConfig toConfig(GroupSnapshot s) {
        GroupConfig.TemplateRef template = s.getLaunchTemplateId() == null && s.getLaunchTemplateName() == null ? null
                : new GroupConfig.TemplateRef(s.getLaunchTemplateId(), s.getLaunchTemplateName(),
                s.getLaunchTemplateVersion());
        return new GroupConfig(s.getMin(), s.getMax(), s.getDesired(), s.getMixedInstancesPolicy(),
                s.getOnDemandBase(), s.getOnDemandPercentAboveBase(), s.getAllocationStrategy(), s.getSpotMaxPrice(),
                s.getOnDemandAllocationStrategy(), template, s.getInstanceTypes());
    }

    /**
     * What a restore must have put back: the distribution, the overrides and the template. Sizes are left out of
     * the comparison: the group's own scaling may have moved desired since the snapshot, and that is not ours.
     */
    static boolean sameDistribution(GroupConfig now, GroupConfig wanted) {
        return now.mixedInstancesPolicy() == wanted.mixedInstancesPolicy()
                && now.onDemandBase() == wanted.onDemandBase()
                && now.onDemandPercentAboveBase() == wanted.onDemandPercentAboveBase()
                && Objects.equals(now.spotAllocationStrategy(), wanted.spotAllocationStrategy())
                && samePrice(now.spotMaxPrice(), wanted.spotMaxPrice())
                && now.instanceTypes().equals(wanted.instanceTypes());
    }

    private static boolean samePrice(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b)) == 0;
    }
}
