package dev.spotshift.schemas;

import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.ReviewSignal;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.WorkloadReport;
import static dev.spotshift.schemas.access.Principal.ANALYZER;
import static dev.spotshift.schemas.access.Principal.AUDIT;
import static dev.spotshift.schemas.access.Principal.CLI;
import static dev.spotshift.schemas.access.Principal.CLOUD_BRIDGE;
import static dev.spotshift.schemas.access.Principal.CONSOLE;
import static dev.spotshift.schemas.access.Principal.COORDINATOR;
import static dev.spotshift.schemas.access.Principal.EXECUTOR;
import static dev.spotshift.schemas.access.Principal.MONITOR;
import static dev.spotshift.schemas.access.Principal.NOTIFIER;
import static dev.spotshift.schemas.access.Principal.OPERATOR;
import static dev.spotshift.schemas.access.Principal.PLAN_OPERATOR;
import static dev.spotshift.schemas.access.Principal.WORKLOAD_SIMULATOR;
import static dev.spotshift.schemas.Topic.Compatibility.FULL;
import dev.spotshift.schemas.access.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The catalog: every topic Spotshift uses, in one place. No other file names a topic.
 * Audit topics keep a year so a migration can be replayed months later.
 *
 * <p>Each topic also says who writes and who reads it ({@link Principal}); the broker's ACLs are generated from
 * that ({@link dev.spotshift.schemas.access.TopicAcls}), so only the monitor can publish a gate verdict, only the
 * coordinator a decision, only an operator a command (or the plan operator an abort) or the kill switch. The audit reads every topic it replays.
 *
 * <p>And which {@link Topic.Compatibility} rule its value schema keeps: FULL where a writer cannot wait for every
 * reader to be upgraded first — more than one service reads it, its payload is a union (a new branch an old reader
 * cannot decode), or its own writer reads it back (old and new instances side by side in a rolling upgrade);
 * BACKWARD where one service and the tools read it, upgraded before its writer. TopicsCatalogTest holds that.
 */
public final class Topics {

    private static final int PARTITIONS = 3;
    private static final Duration AUDIT_RETENTION = Duration.ofDays(365);
    private static final Duration METRICS = Duration.ofDays(7);

    public static final Topic<MigrationPlanSubmitted> MIGRATION_PLANS =
            audit("migration-plans", MigrationPlanSubmitted.class)
            .access(writers(CLI, ANALYZER, PLAN_OPERATOR), readers(ANALYZER, MONITOR, CLI, OPERATOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<AssessmentEvent> SPOT_ASSESSMENTS =
            audit("spot-assessments", AssessmentEvent.class)
            .access(writers(ANALYZER), readers(ANALYZER, COORDINATOR, MONITOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<AgentVote> AGENT_VOTES =
            audit("agent-votes", AgentVote.class)
            .access(writers(COORDINATOR), readers(COORDINATOR, MONITOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<MigrationDecision> MIGRATION_DECISIONS =
            audit("migration-decisions", MigrationDecision.class)
            .access(writers(COORDINATOR), readers(EXECUTOR, MONITOR, CLOUD_BRIDGE, WORKLOAD_SIMULATOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<RolloutEvent> ROLLOUT_EVENTS =
            audit("rollout-events", RolloutEvent.class)
            .access(writers(EXECUTOR), readers(EXECUTOR, MONITOR, WORKLOAD_SIMULATOR, NOTIFIER, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<MetricSample> WORKLOAD_METRICS =
            new Topic<>("workload-metrics", PARTITIONS, Topic.Cleanup.DELETE, METRICS, MetricSample.class)
            .access(writers(CLOUD_BRIDGE, WORKLOAD_SIMULATOR), readers(MONITOR, EXECUTOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<RollbackCommand> ROLLBACK_COMMANDS =
            audit("rollback-commands", RollbackCommand.class)
            .access(writers(MONITOR), readers(EXECUTOR, NOTIFIER, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<GateVerdict> GATE_VERDICTS =
            audit("gate-verdicts", GateVerdict.class)
            .access(writers(MONITOR), readers(EXECUTOR, AUDIT, CONSOLE));
    /** Alert-and-review signals for people; no service reads them to act, so none may move capacity on them. */
    public static final Topic<ReviewSignal> REVIEW_SIGNALS =
            audit("review-signals", ReviewSignal.class)
            .access(writers(MONITOR), readers(CLI, AUDIT, CONSOLE));
    public static final Topic<SpotInterruptionWarning> SPOT_INTERRUPTIONS =
            audit("spot-interruptions", SpotInterruptionWarning.class)
            .access(writers(CLOUD_BRIDGE, WORKLOAD_SIMULATOR), readers(EXECUTOR, AUDIT, CONSOLE));
    public static final Topic<MigrationStatus> MIGRATION_STATUS =
            new Topic<>("migration-status", PARTITIONS, Topic.Cleanup.COMPACT, null, MigrationStatus.class)
            .access(writers(MONITOR), readers(ANALYZER, CLOUD_BRIDGE, NOTIFIER, CLI, OPERATOR, PLAN_OPERATOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<OperatorCommand> OPERATOR_COMMANDS =
            audit("operator-commands", OperatorCommand.class)
            // The plan operator aborts the live migration of a MigrationPlan resource that was deleted; the console
            // sends the actions a person with the spotshift-operate role takes on a plan's page.
            .access(writers(OPERATOR, PLAN_OPERATOR, CONSOLE), readers(COORDINATOR, EXECUTOR, MONITOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    /**
     * The kill switch's one key: the switch is the latest record under it (compaction keeps exactly that), so it
     * has one order, the log's, whatever clocks its writers had.
     */
    public static final String KILL_SWITCH_KEY = "global";
    /** One partition so every executor instance reads the whole switch. */
    public static final Topic<KillSwitch> KILL_SWITCH =
            new Topic<>("kill-switch", 1, Topic.Cleanup.COMPACT, null, KillSwitch.class)
            .access(writers(OPERATOR, CONSOLE), readers(EXECUTOR, AUDIT, CONSOLE))
            // the console reads back the switch it writes, so an old console must read a new writer's record too
            .compatibility(FULL);
    public static final Topic<WorkloadCommand> WORKLOAD_COMMANDS =
            audit("workload-commands", WorkloadCommand.class)
            .access(writers(EXECUTOR), readers(WORKLOAD_SIMULATOR, AUDIT, CONSOLE));
    public static final Topic<WorkloadReport> WORKLOAD_REPORTS =
            audit("workload-reports", WorkloadReport.class)
            .access(writers(WORKLOAD_SIMULATOR), readers(EXECUTOR, AUDIT, CONSOLE));
    /** The executor's decided cloud actions, carried out by the actuator outside any stream transaction. */
    public static final Topic<CloudCommand> CLOUD_COMMANDS =
            audit("cloud-commands", CloudCommand.class)
            .access(writers(EXECUTOR), readers(EXECUTOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    /** What each cloud action gave, read by the executor like any other input. */
    public static final Topic<CloudOutcome> CLOUD_OUTCOMES =
            audit("cloud-outcomes", CloudOutcome.class)
            .access(writers(EXECUTOR), readers(EXECUTOR, AUDIT, CONSOLE))
            .compatibility(FULL);
    public static final Topic<DeadLetter> DEAD_LETTERS =
            new Topic<>("dead-letters", PARTITIONS, Topic.Cleanup.DELETE, Duration.ofDays(30), DeadLetter.class)
            .access(writers(ANALYZER, COORDINATOR, EXECUTOR, MONITOR, CLOUD_BRIDGE, WORKLOAD_SIMULATOR, NOTIFIER),
                    // the console tallies them for its page
                    readers(CLI, OPERATOR, AUDIT, CONSOLE));

    private static final List<Topic<?>> ALL = List.of(
            MIGRATION_PLANS, SPOT_ASSESSMENTS, AGENT_VOTES, MIGRATION_DECISIONS, ROLLOUT_EVENTS,
            WORKLOAD_METRICS, ROLLBACK_COMMANDS, GATE_VERDICTS, SPOT_INTERRUPTIONS, MIGRATION_STATUS,
            OPERATOR_COMMANDS, KILL_SWITCH, WORKLOAD_COMMANDS, WORKLOAD_REPORTS, CLOUD_COMMANDS, CLOUD_OUTCOMES,
            DEAD_LETTERS, REVIEW_SIGNALS);

    /** Topics whose records belong to a plan and are read back by the audit replay. */
    private static final List<Topic<?>> PLAN_HISTORY = List.of(
            MIGRATION_PLANS, SPOT_ASSESSMENTS, AGENT_VOTES, MIGRATION_DECISIONS, ROLLOUT_EVENTS,
            ROLLBACK_COMMANDS, GATE_VERDICTS, SPOT_INTERRUPTIONS, OPERATOR_COMMANDS,
            WORKLOAD_COMMANDS, WORKLOAD_REPORTS, CLOUD_COMMANDS, CLOUD_OUTCOMES, REVIEW_SIGNALS);

    private Topics() {}

    public static List<Topic<?>> all() { return ALL; }

    public static List<Topic<?>> planHistory() { return PLAN_HISTORY; }

    public static Optional<Topic<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static Set<Principal> writers(Principal... principals) { return Set.of(principals); }

    private static Set<Principal> readers(Principal... principals) { return Set.of(principals); }

    private static <V extends SpecificRecord> Topic<V> audit(String name, Class<V> type) {
        return new Topic<>(name, PARTITIONS, Topic.Cleanup.DELETE, AUDIT_RETENTION, type);
    }
}
