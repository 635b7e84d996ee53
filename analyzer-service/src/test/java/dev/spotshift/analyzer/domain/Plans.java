package dev.spotshift.analyzer.domain;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test plans are the shipped examples, so the tests and the docs cannot drift apart. */
public final class Plans {

    public static final Path EXAMPLES = Path.of(System.getProperty("spotshift.home", "..")).resolve("examples");

    private Plans() {}

    public static String text(String example) {
        try {
            return Files.readString(EXAMPLES.resolve(example));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The demo plan on a group of its own: one live plan per group holds across every test that shares a
     * broker, so a test that is not about that rule must not share the demo's group.
     */
    public static String onOwnGroup(String yaml) {
        return textOnGroup(yaml, "it-" + java.util.UUID.randomUUID());
    }

    public static String textOnGroup(String yaml, String group) {
        String groupLine = "autoScalingGroupName: nightly-etl-batch";
        if (!yaml.contains(groupLine)) {
            throw new IllegalArgumentException("not the demo plan's group line: " + groupLine);
        }
        return yaml.replace(groupLine, "autoScalingGroupName: " + group);
    }

    /** The demo plan on a given group in a given region. */
    public static MigrationPlan onGroup(String region, String group) {
        MigrationPlan plan = demo();
        plan.getWorkload().setRegion(region);
        plan.getWorkload().setAutoScalingGroupName(group);
        return plan;
    }

    /** The demo plan over single instances instead of a group. */
    public static MigrationPlan onInstances(String region, String... instanceIds) {
        MigrationPlan plan = demo();
        plan.getWorkload().setRegion(region);
        plan.getWorkload().setAutoScalingGroupName(null);
        plan.getWorkload().setInstanceIds(java.util.List.of(instanceIds));
        return plan;
    }

    public static MigrationPlan demo() {
        ParsedPlans parsed = PlanParser.parse(text("demo-fast.yaml"));
        return parsed.plans().get(0);
    }
}
