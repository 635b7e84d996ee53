package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.ScalingRules;
import dev.spotshift.cloud.SpotShare;

/** A simulated Auto Scaling group; mutable, guarded by the fleet's lock. */
final class SimGroup {
    final String region;
    final String name;
    int min;
    int max;
    int desired;
    SpotShare share;
    ScalingRules rules;

    SimGroup(String region, String name, int min, int max, int desired, SpotShare share) {
        this.region = region;
        this.name = name;
        this.min = min;
        this.max = max;
        this.desired = desired;
        this.share = share;
    }

    /** AWS rounds the on-demand share above base up, in favour of on-demand. */
    int onDemandTarget() {
        if (desired <= share.onDemandBaseCapacity()) {
            return desired;
        }
        int above = desired - share.onDemandBaseCapacity();
        return share.onDemandBaseCapacity() + (int) Math.ceil(above * share.onDemandPercentAboveBase() / 100.0);
    }
}
