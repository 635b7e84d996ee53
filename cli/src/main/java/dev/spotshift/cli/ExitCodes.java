package dev.spotshift.cli;

import dev.spotshift.events.MigrationStage;

/**
 * Exit codes scripts can rely on. They are part of the CLI's contract: a change here breaks
 * someone's pipeline, so codes are only ever added.
 */
public final class ExitCodes {

    /** The command did what was asked; for watch/status of one plan: the plan COMPLETED. */
    public static final int OK = 0;
    /** Something went wrong before an answer: missing file, Kafka down, unknown plan, bad reply. */
    public static final int ERROR = 1;
    /** Wrong use of the command line (picocli's own code). */
    public static final int USAGE = 2;
    /** The plan file has errors (each printed with its location). */
    public static final int INVALID_PLAN = 3;
    public static final int ROLLED_BACK = 4;
    /** Rejected by the analyzer, declined by the agents, or failed pre-flight. */
    public static final int REJECTED = 5;
    public static final int ABORTED = 6;
    public static final int FAILED = 7;
    /** The plan is not final yet (status), or watch stopped at its timeout before it was. */
    public static final int IN_PROGRESS = 8;
    /** replay: the audit found something (an effect without its cause, a rollback without evidence, ...). */
    public static final int AUDIT_FINDINGS = 9;
    /** The validation period ended with a success criterion missed and the plan kept its capacity. */
    public static final int CRITERIA_MISSED = 10;

    private ExitCodes() {}

    public static int forStage(MigrationStage stage) {
        return switch (stage) {
            case COMPLETED -> OK;
            case ROLLED_BACK -> ROLLED_BACK;
            case REJECTED, DECLINED, PREFLIGHT_FAILED -> REJECTED;
            case ABORTED -> ABORTED;
            case FAILED -> FAILED;
            case CRITERIA_MISSED -> CRITERIA_MISSED;
            default -> IN_PROGRESS;
        };
    }

    static final String HELP = "%n"
            + "Exit codes:%n"
            + "  0  done; for watch/status PLAN: the plan COMPLETED%n"
            + "  1  error (missing file, Kafka or registry unreachable, unknown plan)%n"
            + "  2  usage error%n"
            + "  3  invalid plan file (errors printed with their location)%n"
            + "  4  ROLLED_BACK      5  REJECTED / DECLINED / PREFLIGHT_FAILED%n"
            + "  6  ABORTED   7  FAILED   8  not final yet (status, watch --timeout)%n"
            + "  9  replay: the audit found something, or the plan has no events%n"
            + "  10 CRITERIA_MISSED (a success criterion missed; the plan kept its capacity)";
}
