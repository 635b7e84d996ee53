package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.cloud.SpotShare;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstancesDistribution;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplate;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

/**
 * Reads a group's {@link GroupConfig} and builds the updates that put one back. Every update carries the whole
 * MixedInstancesPolicy: moto drops a policy an update leaves out (and 500s on a partial one), and AWS accepts the
 * unchanged policy as a no-op.
 */
final class AwsGroupConfigs {

    static final String UPDATE = "autoscaling:UpdateAutoScalingGroup";
    /** AWS's defaults when a MixedInstancesPolicy leaves the distribution out. */
    private static final int DEFAULT_BASE = 0;
    private static final int DEFAULT_PERCENT = 100;
    private static final String DEFAULT_SPOT_STRATEGY = "lowest-price";

    private AwsGroupConfigs() {
    }

    static GroupConfig capture(AutoScalingGroup g) {
        MixedInstancesPolicy mixed = g.mixedInstancesPolicy();
        if (mixed == null) {
            return new GroupConfig(g.minSize(), g.maxSize(), g.desiredCapacity(), false, DEFAULT_BASE, DEFAULT_PERCENT,
                    null, null, null, ref(g.launchTemplate()), List.of());
        }
        InstancesDistribution d = mixed.instancesDistribution() == null
                ? InstancesDistribution.builder().build() : mixed.instancesDistribution();
        LaunchTemplate t = mixed.launchTemplate();
        List<String> types = t == null ? List.of()
                : t.overrides().stream().map(LaunchTemplateOverrides::instanceType).toList();
        return new GroupConfig(g.minSize(), g.maxSize(), g.desiredCapacity(), true,
                orDefault(d.onDemandBaseCapacity(), DEFAULT_BASE),
                orDefault(d.onDemandPercentageAboveBaseCapacity(), DEFAULT_PERCENT),
                d.spotAllocationStrategy() == null ? DEFAULT_SPOT_STRATEGY : d.spotAllocationStrategy(),
                blankToNull(d.spotMaxPrice()), d.onDemandAllocationStrategy(),
                t == null ? null : ref(t.launchTemplateSpecification()), types);
    }

    /** The update that turns {@code current} into {@code target}; null when they are already equal. */
    static UpdateAutoScalingGroupRequest restore(String groupName, GroupConfig current, GroupConfig target) {
        if (current.equals(target)) {
            return null;
        }
        UpdateAutoScalingGroupRequest.Builder b = UpdateAutoScalingGroupRequest.builder().autoScalingGroupName(groupName);
        if (current.min() != target.min() || current.max() != target.max() || current.desired() != target.desired()) {
            b.minSize(target.min()).maxSize(target.max()).desiredCapacity(target.desired());
        }
        GroupConfig.TemplateRef template = target.launchTemplate() != null ? target.launchTemplate()
                : current.launchTemplate();
        if (template == null) {
            throw new CloudException(UPDATE, CloudException.Kind.INVALID_REQUEST, "group '" + groupName
                    + "' has no launch template to restore (launch configurations are not restored)");
        }
        if (target.mixedInstancesPolicy()) {
            b.mixedInstancesPolicy(policy(spec(template), target.share(), target.onDemandAllocationStrategy()));
        } else if (current.mixedInstancesPolicy() || !template.equals(current.launchTemplate())) {
            // A plain launch template in place of the mixed policy: the group goes back to one type, all on-demand.
            b.launchTemplate(byOneName(spec(template)));
        }
        return b.build();
    }

    /**
     * The whole policy for a share, with the template by id or by name (never both: AWS rejects that). A null
     * on-demand strategy is left out (only moto describes a group without one).
     */
    static MixedInstancesPolicy policy(LaunchTemplateSpecification template, SpotShare share,
                                       String onDemandAllocationStrategy) {
        return MixedInstancesPolicy.builder()
                .launchTemplate(LaunchTemplate.builder()
                        .launchTemplateSpecification(byOneName(template))
                        .overrides(share.instanceTypes().stream()
                                .map(t -> LaunchTemplateOverrides.builder().instanceType(t).build()).toList())
                        .build())
                .instancesDistribution(InstancesDistribution.builder()
                        .onDemandAllocationStrategy(onDemandAllocationStrategy)
                        .onDemandBaseCapacity(share.onDemandBaseCapacity())
                        .onDemandPercentageAboveBaseCapacity(share.onDemandPercentAboveBase())
                        .spotAllocationStrategy(share.spotAllocationStrategy())
                        // An empty string is how AWS removes a cap set before.
                        .spotMaxPrice(share.spotMaxPrice() == null ? "" : share.spotMaxPrice())
                        .build())
                .build();
    }

    /** The policy as described, fit to send back unchanged. */
    static MixedInstancesPolicy resendable(MixedInstancesPolicy described) {
        LaunchTemplate t = described.launchTemplate();
        if (t == null || t.launchTemplateSpecification() == null) {
            return described;
        }
        return described.toBuilder().launchTemplate(t.toBuilder()
                .launchTemplateSpecification(byOneName(t.launchTemplateSpecification())).build()).build();
    }

    static LaunchTemplateSpecification byOneName(LaunchTemplateSpecification t) {
        return t.launchTemplateId() != null
                ? LaunchTemplateSpecification.builder().launchTemplateId(t.launchTemplateId()).version(t.version()).build()
                : LaunchTemplateSpecification.builder().launchTemplateName(t.launchTemplateName())
                        .version(t.version()).build();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static LaunchTemplateSpecification spec(GroupConfig.TemplateRef t) {
        return LaunchTemplateSpecification.builder().launchTemplateId(t.id()).launchTemplateName(t.name())
                .version(t.version()).build();
    }

    private static GroupConfig.TemplateRef ref(LaunchTemplateSpecification s) {
        return s == null || (s.launchTemplateId() == null && s.launchTemplateName() == null) ? null
                : new GroupConfig.TemplateRef(s.launchTemplateId(), s.launchTemplateName(), s.version());
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
