package dev.spotshift.cli;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.schemas.Topics;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the log knows about plans: the latest status of each, and whether a planId was ever submitted. */
public final class Plans {

    private Plans() {}

    /** The latest {@link MigrationStatus} per planId (the compacted topic, read to its end). */
    public static Map<String, MigrationStatus> latest(Connection connection, PrintWriter warnings) {
        Map<String, MigrationStatus> latest = new LinkedHashMap<>();
        try (TopicReader<MigrationStatus> reader = new TopicReader<>(connection, Topics.MIGRATION_STATUS, warnings)) {
            reader.readToEnd(r -> {
                if (r.value() == null) {
                    latest.remove(r.key());
                } else {
                    latest.put(r.key(), r.value());
                }
            });
        }
        return latest;
    }

    /** True when a submission for the planId is on migration-plans (reads only the key's partition). */
    public static boolean submitted(Connection connection, String planId, PrintWriter warnings) {
        AtomicBoolean found = new AtomicBoolean();
        try (var reader = new TopicReader<>(connection, Topics.MIGRATION_PLANS, warnings).onlyKey(planId)) {
            reader.readToEnd(r -> {
                if (planId.equals(r.key())) {
                    found.set(true);
                }
            });
        }
        return found.get();
    }

    /** Fails with a one-line message when no event of the plan exists. */
    public static void requireKnown(Connection connection, String planId, PrintWriter warnings) {
        if (!latest(connection, warnings).containsKey(planId) && !submitted(connection, planId, warnings)) {
            throw CliException.error("unknown plan '" + planId + "': no status and no submission for it on "
                    + connection.bootstrapServers() + " (see `spotshift status` for the plans there are)");
        }
    }
}
