package dev.spotshift.demo.chaos;

import dev.spotshift.cli.Connection;
import dev.spotshift.cli.PlanCommand;
import dev.spotshift.cli.PlanFile;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.infra.SpotshiftHome;
import dev.spotshift.schemas.plan.ParsedPlans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The plans of a round: copies of {@code examples/chaos/chaos-etl.yaml}, each with its own name and Auto Scaling
 * group (the analyzer allows one live plan per group), the group created on-demand in the shared simulated account
 * before the plan is submitted through the CLI's own Kafka path.
 */
final class ChaosPlans {

    static final String TEMPLATE_NAME = "chaos-etl";

    /** One submitted plan: its id and the group it drives. */
    record Submitted(String planId, String region, String group) {}

    private ChaosPlans() {}

    static Path template() {
        return SpotshiftHome.locate().resolve("examples/chaos/chaos-etl.yaml");
    }

    static List<Submitted> submit(DemoStack stack, SimulatedCloud account, int round, int count) {
        String text = read(template());
        Connection connection = new Connection(stack.bootstrapServers(), stack.registryUrl());
        List<Submitted> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = TEMPLATE_NAME + "-r" + round + "-p" + i;
            ParsedPlans parsed = parse(text.replace(TEMPLATE_NAME, name));
            MigrationPlan plan = parsed.plans().get(0);
            String region = plan.getWorkload().getRegion();
            String group = plan.getWorkload().getAutoScalingGroupName();
            createGroup(account, plan);
            String planId = PlanCommand.submit(connection, parsed, UUID.randomUUID().toString(), SubmissionChannel.CLI,
                    "spotshift-chaos").get(0).getEnvelope().getPlanId();
            out.add(new Submitted(planId, region, group));
        }
        return out;
    }

    /** As {@code spotshift.cloud.sim.groups} would at a service's start: all on-demand, at the plan's target. */
    private static void createGroup(SimulatedCloud account, MigrationPlan plan) {
        List<String> types = new ArrayList<>(List.of(plan.getWorkload().getCurrentInstanceType()));
        plan.getSpot().getInstanceTypes().stream().filter(t -> !types.contains(t)).forEach(types::add);
        int desired = plan.getSpot().getTargetCapacity();
        account.capacity().ensureGroup(plan.getWorkload().getRegion(),
                plan.getWorkload().getAutoScalingGroupName(), 1, desired, desired,
                new SpotShare(0, 100, SpotShare.PRICE_CAPACITY_OPTIMIZED, types));
    }

    private static ParsedPlans parse(String yaml) {
        try {
            Path file = Files.createTempFile("spotshift-chaos-plan-", ".yaml");
            try {
                Files.writeString(file, yaml);
                ParsedPlans parsed = PlanFile.read(file);
                if (!parsed.valid()) {
                    throw new IllegalStateException("the chaos plan template is not a valid plan: " + parsed);
                }
                return parsed;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chaos plan " + file, e);
        }
    }
}
