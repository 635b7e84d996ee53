package dev.spotshift.executor.domain;

import java.util.List;

/**
 * An Auto Scaling group as pre-flight read it, before the plan's first change: what a full rollback puts back,
 * whole. The domain only keeps and returns it; the actuator knows what each part means on the cloud.
 */
public record GroupSnapshot(int min, int max, int desired, boolean mixedInstancesPolicy, int onDemandBase,
                            int onDemandPercentAboveBase, String allocationStrategy, String spotMaxPrice,
                            String onDemandAllocationStrategy, String launchTemplateId, String launchTemplateName,
                            String launchTemplateVersion, List<String> instanceTypes) {
    public GroupSnapshot {
        instanceTypes = List.copyOf(instanceTypes);
    }
}
