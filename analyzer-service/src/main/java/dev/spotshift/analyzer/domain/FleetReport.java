package dev.spotshift.analyzer.domain;

import java.util.List;

/** The fleet discovery answer: every group looked at, which are spot candidates, and the savings. */
public record FleetReport(String region, String marketSource, int groupsAnalysed, int instancesAnalysed,
                          int opportunities, long monthlySavingsMicros, List<GroupFinding> groups) {

    public record GroupFinding(String groupName, String instanceType, int onDemandInstances, int spotInstances,
                               boolean candidate, String risk, double score, double savingsPercent,
                               long monthlySavingsMicros, List<String> recommendedInstanceTypes, List<String> reasons) {}

    /** The one-line summary the CLI prints, in the spirit of the seed 002 prototype. */
    public String summary() {
        return String.format("%d groups (%d instances) analysed in %s, %d spot opportunities, $%,.2f per month",
                groupsAnalysed, instancesAnalysed, region, opportunities, monthlySavingsMicros / 1_000_000.0);
    }
}
