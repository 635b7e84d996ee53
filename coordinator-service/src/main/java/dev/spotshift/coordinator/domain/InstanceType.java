package dev.spotshift.coordinator.domain;

/**
 * What the performance agent knows about one EC2 instance type.
 *
 * @param name          e.g. {@code m5a.large}
 * @param family        e.g. {@code m5a}
 * @param generation    5 for m5/c5/r5, 6 for m6i...
 * @param processor     who makes the CPU; estimates across vendors are less certain
 * @param vcpu          virtual CPUs
 * @param memoryGib     memory in GiB
 * @param networkGbps   baseline ("up to") network bandwidth in Gbit/s
 * @param coreSpeed     throughput of one vCPU relative to an m5 vCPU (1.0)
 */
public record InstanceType(String name, String family, int generation, Processor processor,
                           int vcpu, double memoryGib, double networkGbps, double coreSpeed) {

    public enum Processor { INTEL, AMD }

    /** Relative CPU throughput of the whole instance, the unit the agent compares. */
    public double computeCapacity() {
        return vcpu * coreSpeed;
    }

    /** Same family means the estimate is a plain scaling, with no model guess in it. */
    public boolean sameFamilyAs(InstanceType other) {
        return family.equals(other.family);
    }
}
