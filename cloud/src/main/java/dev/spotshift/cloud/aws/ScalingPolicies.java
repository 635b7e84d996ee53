package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.ScalingRules;
import software.amazon.awssdk.services.autoscaling.model.StepAdjustment;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Seed 001's rules as step scaling: one policy adds an instance, one removes one, each fired by a CloudWatch alarm
 * on the group's average CPU held for the rule's window (one-minute periods, so "for 10 min" is 10 periods).
 * Step scaling, not target tracking, because the seed states two thresholds with different windows.
 */
final class ScalingPolicies {

    static final String SCALE_OUT = "spotshift-scale-out";
    static final String SCALE_IN = "spotshift-scale-in";
    private static final int PERIOD_SECONDS = 60;

    private final AwsClients clients;

    ScalingPolicies(AwsClients clients) {
        this.clients = clients;
    }

    void apply(String region, String group, ScalingRules rules) {
        String outArn = policy(region, group, SCALE_OUT, StepAdjustment.builder().metricIntervalLowerBound(0.0)
                .scalingAdjustment(1).build());
        String inArn = policy(region, group, SCALE_IN, StepAdjustment.builder().metricIntervalUpperBound(0.0)
                .scalingAdjustment(-1).build());
        alarm(region, group, SCALE_OUT, outArn, rules.scaleOutCpuPercent(),
                ComparisonOperator.GREATER_THAN_THRESHOLD, (int) rules.scaleOutAfter().toMinutes());
        alarm(region, group, SCALE_IN, inArn, rules.scaleInCpuPercent(),
                ComparisonOperator.LESS_THAN_THRESHOLD, (int) rules.scaleInAfter().toMinutes());
    }

    /**
     * Takes away what {@link #apply} installed, and nothing else: the two policies by name and their alarms.
     * Check before act, so a removal repeated after a crash calls no delete. Returns whether anything was removed.
     */
    boolean remove(String region, String group) {
        java.util.List<String> policies = clients.call(region, "autoscaling:DescribePolicies", () -> clients.in(region)
                .autoScaling().describePolicies(b -> b.autoScalingGroupName(group).policyNames(SCALE_OUT, SCALE_IN))
                .scalingPolicies().stream().map(p -> p.policyName()).toList());
        java.util.List<String> alarms = clients.call(region, "cloudwatch:DescribeAlarms", () -> clients.in(region)
                .cloudWatch().describeAlarms(b -> b.alarmNames(alarmName(group, SCALE_OUT), alarmName(group, SCALE_IN)))
                .metricAlarms().stream().map(a -> a.alarmName()).toList());
        for (String policy : policies) {
            clients.run(region, "autoscaling:DeletePolicy", () -> clients.in(region).autoScaling()
                    .deletePolicy(b -> b.autoScalingGroupName(group).policyName(policy)));
        }
        if (!alarms.isEmpty()) {
            clients.run(region, "cloudwatch:DeleteAlarms", () -> clients.in(region).cloudWatch()
                    .deleteAlarms(b -> b.alarmNames(alarms)));
        }
        return !policies.isEmpty() || !alarms.isEmpty();
    }

    static String alarmName(String group, String policy) {
        return group + "-" + policy + "-cpu";
    }

    private String policy(String region, String group, String name, StepAdjustment step) {
        return clients.call(region, "autoscaling:PutScalingPolicy", () -> clients.in(region).autoScaling()
                .putScalingPolicy(b -> b.autoScalingGroupName(group).policyName(name).policyType("StepScaling")
                        .adjustmentType("ChangeInCapacity").metricAggregationType("Average")
                        .stepAdjustments(step))
                .policyARN());
    }

    private void alarm(String region, String group, String policy, String policyArn, double threshold,
                       ComparisonOperator comparison, int periods) {
        clients.run(region, "cloudwatch:PutMetricAlarm", () -> clients.in(region).cloudWatch().putMetricAlarm(b -> b
                .alarmName(alarmName(group, policy)).namespace("AWS/EC2").metricName("CPUUtilization")
                .dimensions(Dimension.builder().name("AutoScalingGroupName").value(group).build())
                .statistic(Statistic.AVERAGE).period(PERIOD_SECONDS).evaluationPeriods(periods)
                .datapointsToAlarm(periods).threshold(threshold).comparisonOperator(comparison)
                .alarmActions(policyArn)));
    }
}
