package dev.spotshift.bridge.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.MetricQuery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadMetricsConventionTest {

    @Test
    void readsTheGroupsCpuAndTheWorkloadsJobFiguresByGroup() {
        List<MetricQuery> queries = WorkloadMetricsConvention.queries("etl", Duration.ofSeconds(60));

        assertThat(queries).extracting(MetricQuery::namespace, MetricQuery::metricName, MetricQuery::stat)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("AWS/EC2", "CPUUtilization", "Average"),
                        org.assertj.core.groups.Tuple.tuple("Spotshift/Workload", "JobsCompleted", "Sum"),
                        org.assertj.core.groups.Tuple.tuple("Spotshift/Workload", "JobsFailed", "Sum"),
                        org.assertj.core.groups.Tuple.tuple("Spotshift/Workload", "JobDurationMillis", "Average"));
        assertThat(queries).allSatisfy(q -> {
            assertThat(q.dimensions()).containsExactlyEntriesOf(java.util.Map.of("AutoScalingGroupName", "etl"));
            assertThat(q.period()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void readsTheShadowRunsFiguresByGroupAndShadowRoleWithItsMismatchesAndItsOwnCpu() {
        List<MetricQuery> queries = WorkloadMetricsConvention.shadowQueries("etl", Duration.ofSeconds(60));

        assertThat(queries).extracting(MetricQuery::namespace, MetricQuery::metricName, MetricQuery::stat)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Spotshift/Workload", "CPUUtilization", "Average"),
                        org.assertj.core.groups.Tuple.tuple("Spotshift/Workload", "JobsCompleted", "Sum"),
                        org.assertj.core.groups.Tuple.tuple("Spotshift/Workload", "JobsFailed", "Sum"),
                        org.assertj.core.groups.Tuple.tuple("Spotshift/Workload", "JobDurationMillis", "Average"),
                        org.assertj.core.groups.Tuple.tuple("Spotshift/Workload", "OutputMismatches", "Sum"));
        assertThat(queries).allSatisfy(q -> assertThat(q.dimensions()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("AutoScalingGroupName", "etl", "Role", "shadow")));
    }
}
