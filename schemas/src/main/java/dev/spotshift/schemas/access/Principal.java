package dev.spotshift.schemas.access;

import java.util.List;

/**
 * Who may talk to the broker: one principal per service process (the Kubernetes plan operator too), plus the CLI
 * (plans and reads), operators
 * (commands, approvals, the kill switch) and the audit. Each authenticates as {@code User:<user>} (SASL/SCRAM or
 * the certificate's name under mTLS); the broker grants it only what {@link TopicAcls} derives from the catalog.
 *
 * <p>{@code prefixes} are the consumer groups, transactional ids and (for Kafka Streams) internal topics a
 * principal owns: its application id or group names begin with them, so a second instance (or a test's fresh
 * suffix) needs no new ACL. The actuator runs inside the executor's process (no deployment runs it apart), so it
 * uses the executor's principal.
 *
 * <p>{@link #OPERATOR} is a role, not a login: each person on the {@link Operators} roster logs in as
 * {@code User:<their name>} with the role's ACLs ({@link #logins()}), so the identity a command records is a person's.
 */
public enum Principal {
    ANALYZER("analyzer", false, "analyzer-service"),
    COORDINATOR("coordinator", true, "coordinator-service"),
    EXECUTOR("executor", true, "executor-service", "executor-actuator"),
    MONITOR("monitor", true, "spotshift-monitor"),
    CLOUD_BRIDGE("cloud-bridge", false, "cloud-bridge"),
    WORKLOAD_SIMULATOR("workload-simulator", false, "workload-simulator"),
    NOTIFIER("notifier", false, "notifier-service"),
    CONSOLE("console", false, "console"),
    /** The Kubernetes operator (module {@code operator}): a MigrationPlan resource's spec, the abort of a deleted live one. */
    PLAN_OPERATOR("plan-operator", false, "spotshift-plan-operator"),
    CLI("cli", false, "spotshift-cli"),
    OPERATOR("operator", false, "spotshift-operator"),
    AUDIT("audit", false, "spotshift-audit");

    private final String user;
    private final boolean streamsApp;
    private final List<String> prefixes;

    Principal(String user, boolean streamsApp, String... prefixes) {
        this.user = user;
        this.streamsApp = streamsApp;
        this.prefixes = List.of(prefixes);
    }

    /**
     * The user name it authenticates as (the SCRAM user, the KafkaUser's name); for the operator role, the role's
     * name, which no one logs in as (see {@link #logins()}).
     */
    public String user() { return user; }

    /** The SCRAM users holding this principal's ACLs: its own user, or for the operator role every rostered person. */
    public List<String> logins() {
        return this == OPERATOR ? Operators.roster() : List.of(user);
    }

    /** {@code User:<user>}, as the broker's authorizer names it. */
    public String kafkaPrincipal() { return "User:" + user; }

    /** A Kafka Streams application: it also creates and uses internal topics under its prefixes. */
    public boolean streamsApp() { return streamsApp; }

    public List<String> prefixes() { return prefixes; }

    /** The principal (role) a login belongs to: a service's own user, or a rostered operator. */
    public static Principal byUser(String user) {
        if (Operators.isOperator(user)) {
            return OPERATOR;
        }
        for (Principal p : values()) {
            if (p != OPERATOR && p.user.equals(user)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no principal named " + user);
    }
}
