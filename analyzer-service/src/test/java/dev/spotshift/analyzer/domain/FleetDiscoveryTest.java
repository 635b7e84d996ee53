package dev.spotshift.analyzer.domain;

import static dev.spotshift.analyzer.domain.Markets.NOW;
import static dev.spotshift.analyzer.domain.Markets.flat;
import static dev.spotshift.analyzer.domain.Markets.hourly;
import static dev.spotshift.analyzer.domain.Markets.market;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.Lifecycle;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetDiscoveryTest {

    final FleetDiscovery discovery = new FleetDiscovery(Clock.fixed(NOW, ZoneOffset.UTC));
    final Map<String, TypeMarket> markets = Map.of(
            "m5.large", market("m5.large", 96_000, InterruptionFrequency.UNDER_5, 8, hourly("m5.large", "us-east-1a", flat(36_000, 24))),
            "c5.xlarge", market("c5.xlarge", 170_000, InterruptionFrequency.UNDER_5, 8, hourly("c5.xlarge", "us-east-1a", flat(68_000, 24))));

    static GroupState group(String name, String type, int onDemand, Map<String, String> tags) {
        List<InstanceInfo> instances = new ArrayList<>();
        for (int i = 0; i < onDemand; i++) {
            instances.add(new InstanceInfo("i-" + name + i, type, "us-east-1a", Lifecycle.ON_DEMAND, "running", tags, NOW));
        }
        return new GroupState(name, 0, 10, onDemand, 0, 100, "price-capacity-optimized", List.of(type), instances);
    }

    @Test
    void groupsOfToleratedWorkloadsAreCandidatesWithTheirMonthlySavings() {
        List<GroupState> groups = List.of(
                group("etl", "m5.large", 4, Map.of()),
                group("reports", "c5.xlarge", 2, Map.of()),
                group("db", "m5.large", 3, Map.of(FleetDiscovery.STATEFUL_TAG, "true")));

        FleetReport r = discovery.report("us-east-1", groups, Map.of(), markets::get, "simulated:42");

        assertThat(r.groupsAnalysed()).isEqualTo(3);
        assertThat(r.instancesAnalysed()).isEqualTo(9);
        assertThat(r.opportunities()).isEqualTo(2);
        // etl: (0.096-0.036) x 730 x 4 = 175.20 ; reports: (0.170-0.068) x 730 x 2 = 148.92
        assertThat(r.groups()).extracting(FleetReport.GroupFinding::groupName).containsExactly("etl", "reports", "db");
        assertThat(r.groups().get(0).monthlySavingsMicros()).isEqualTo(175_200_000L);
        assertThat(r.monthlySavingsMicros()).isEqualTo(175_200_000L + 148_920_000L);
        assertThat(r.groups().get(2).candidate()).isFalse();
        assertThat(r.groups().get(2).reasons()).singleElement().asString().contains("stateful");
        assertThat(r.summary()).isEqualTo("3 groups (9 instances) analysed in us-east-1, 2 spot opportunities, $324.12 per month");
    }

    @Test
    void aTagFilterNarrowsTheGroupsLookedAt() {
        List<GroupState> groups = List.of(group("etl", "m5.large", 1, Map.of("team", "data")), group("web", "m5.large", 1, Map.of("team", "web")));

        FleetReport r = discovery.report("us-east-1", groups, Map.of("team", "data"), markets::get, "simulated:42");

        assertThat(r.groups()).extracting(FleetReport.GroupFinding::groupName).containsExactly("etl");
    }
}
