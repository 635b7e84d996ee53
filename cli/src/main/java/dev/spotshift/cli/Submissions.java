package dev.spotshift.cli;

import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.Submission;
import java.time.Clock;
import java.util.List;

/** Turns a valid plan file into one submission event per workload. */
public final class Submissions {

    public static final String PRODUCER = "spotshift-cli/0.1.0";

    private Submissions() {}

    /**
     * The idempotency key is the one given, else the file's own {@code id:}; with a key the planIds
     * are derived from it, so resubmitting the same file names the same migrations.
     */
    public static List<MigrationPlanSubmitted> of(ParsedPlans parsed, String idempotencyKey, String submittedBy,
                                                  SubmissionChannel channel, String planSource, Clock clock) {
        String key = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : parsed.documentId();
        return new Submission(key, submittedBy, channel, planSource, PRODUCER).events(parsed, clock);
    }
}
