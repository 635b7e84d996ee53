package dev.spotshift.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Benchmark 9 with real kills: the monitor or the executor runs as its fast-jar in its own JVM ({@link ServiceJvm})
 * while N live plans send one sample each per second, and is SIGKILLed. Every instance starts on an empty state
 * directory (a fresh node), so whatever it owns it restores from the changelogs or takes from a standby. In order,
 * on one application id (so the state keeps growing, as a deployment's does):
 * <ol>
 *   <li>standby replicas 0: one instance, killed, a replacement started at once: kill -> RUNNING, kill -> caught up;</li>
 *   <li>a second instance joins: -> it owns active tasks (both RUNNING), -> caught up;</li>
 *   <li>the first of the two killed, nothing restarted: -> the survivor owns every task (RUNNING), -> caught up;</li>
 *   <li>the survivor stopped; the same two steps again with num.standby.replicas=1, so the survivor holds a standby
 *   of what the killed one ran: the standby's effect is the pair of rows side by side.</li>
 * </ol>
 * "Caught up" is: everything sent before the kill (or the join) committed as processed, and the lag under N (one
 * second of input). A kill includes the group's session timeout (10 s in the services' settings): the dead member
 * is noticed only then. Ownership is read from the group's assignment (Admin), RUNNING from the readiness check.
 */
final class KillRecovery {

    private static final Duration LIMIT = Duration.ofMinutes(5);
    /**
     * The assignor gives a joining instance with no state warm-up replicas first and moves active tasks to it only at
     * a probing rebalance once they are within acceptable.recovery.lag; Kafka's default probing interval (10 min) is
     * what left the joiner of the old rebalance row without a task for 2 min. The services now ship Kafka's minimum
     * (their application.properties); the benchmark runs them as shipped and only names it.
     */
    static final String PROBING = "probing.rebalance.interval.ms=60000 (as the services ship it, Kafka's minimum)";

    private final Clients clients;

    KillRecovery(Clients clients) {
        this.clients = clients;
    }

    /** One service's rows; {@code extra} is its own configuration (the executor's simulated groups). */
    List<Row> run(String bench, String service, List<String> inputs, int n, int warmSeconds, String prefix,
                  Map<String, String> extra) throws Exception {
        String applicationId = "bench-" + service + "-kill-" + UUID.randomUUID();
        List<Row> rows = new ArrayList<>();
        Apps.commitEnds(clients, applicationId, inputs); // from the inputs' ends, not earlier benchmarks' history
        List<ServiceJvm> started = new ArrayList<>();
        try (Admin admin = clients.admin();
             BackgroundLoad load = new BackgroundLoad(clients, n, prefix, n).start()) {
            Concurrency.publishSchemas(clients.registryUrl());
            Lag lag = new Lag(admin, applicationId, inputs);
            Run run = new Run(bench, service, applicationId, admin, lag, n, extra, started, rows);
            ServiceJvm first = run.start(0);
            first.awaitReady(Duration.ofSeconds(240));
            Waits.pause(warmSeconds * 1000L); // state to restore: the plans' memory and samples of the warm-up
            if (!Waits.until(() -> run.caughtUp(null), LIMIT, 200)) {
                return List.of(Row.notMeasured(bench, "-", "the first instance never caught up (lag under " + n
                        + ") within " + LIMIT + "; machine load " + Machine.loadAverage()));
            }
            run.note = n + " live plans, " + n + " samples/s flowing; every instance on an empty state dir; "
                    + PROBING;

            ServiceJvm replacement = run.killAndReplace(first);
            if (replacement == null) {
                return rows;
            }
            ServiceJvm joiner = run.join(replacement, 0);
            if (joiner != null) {
                Waits.pause(warmSeconds * 1000L); // as with standbys below: the same state and time before the kill
                run.killOneOfTwo(replacement, joiner, 0);
            }
            // num.standby.replicas=1 from here, no instance of the standby-0 part left in the group: the same pair,
            // the survivor holding a standby of the killed one's tasks
            started.forEach(ServiceJvm::close);
            ServiceJvm standbyFirst = run.start(1);
            if (!Waits.until(() -> standbyFirst.streamsRunning() && run.caughtUp(null), LIMIT, 200)) {
                rows.add(Row.notMeasured(bench, "standby replicas 1", "an instance with standbys on did not catch up"
                        + " within " + LIMIT));
                return rows;
            }
            ServiceJvm standbyJoiner = run.join(standbyFirst, 1);
            if (standbyJoiner != null) {
                Waits.pause(warmSeconds * 1000L); // the joiner's standbys follow the changelogs meanwhile
                run.killOneOfTwo(standbyFirst, standbyJoiner, 1);
            }
            return rows;
        } finally {
            started.forEach(ServiceJvm::close);
        }
    }

    /** The steps of one run, sharing its application id, lag, note and rows. */
    private final class Run {
        private final String bench;
        private final String service;
        private final String applicationId;
        private final Admin admin;
        private final Lag lag;
        private final int n;
        private final Map<String, String> extra;
        private final List<ServiceJvm> started;
        private final List<Row> rows;
        private final Map<ServiceJvm, Set<String>> memberIds = new HashMap<>();
        String note = "";

        Run(String bench, String service, String applicationId, Admin admin, Lag lag, int n, Map<String, String> extra,
            List<ServiceJvm> started, List<Row> rows) {
            this.bench = bench;
            this.service = service;
            this.applicationId = applicationId;
            this.admin = admin;
            this.lag = lag;
            this.n = n;
            this.extra = extra;
            this.started = started;
            this.rows = rows;
        }

        ServiceJvm start(int standbys) {
            Map<String, String> config = new HashMap<>(extra);
            config.put("spotshift.streams.standby-replicas", Integer.toString(standbys));
            Set<String> before = members().keySet();
            ServiceJvm jvm = ServiceJvm.start(service, applicationId, clients, config);
            started.add(jvm);
            // its consumer's member ids: those that appear after it starts (the group's others keep theirs)
            Waits.until(() -> !jvm.isAlive() || members().keySet().stream().anyMatch(m -> !before.contains(m)),
                    LIMIT, 200);
            Set<String> mine = new HashSet<>(members().keySet());
            mine.removeAll(before);
            memberIds.put(jvm, mine);
            return jvm;
        }

        /** Kill -> a replacement on an empty state dir, started at once: -> RUNNING, -> caught up. */
        ServiceJvm killAndReplace(ServiceJvm victim) throws Exception {
            String what = "SIGKILL, replacement on an empty state dir (standby 0)";
            String load = "; machine load at the kill " + Machine.loadAverage();
            Map<TopicPartition, Long> marks = lag.mark();
            long t0 = System.nanoTime();
            victim.kill();
            ServiceJvm replacement = start(0);
            boolean running = Waits.until(replacement::streamsRunning, LIMIT, 100);
            double runningAt = RawKafka.seconds(t0);
            boolean caught = running && Waits.until(() -> caughtUp(marks), LIMIT, 100);
            rows.add(running ? Row.measured(bench, what + ": kill -> RUNNING (state restored)", "s",
                    List.of(runningAt), note + load + "; includes the new JVM's start and the 10 s session timeout")
                    : Row.notMeasured(bench, what + ": kill -> RUNNING (state restored)", "not RUNNING within "
                    + LIMIT));
            rows.add(caught ? Row.measured(bench, what + ": kill -> caught up", "s", List.of(RawKafka.seconds(t0)),
                    note + load) : Row.notMeasured(bench, what + ": kill -> caught up", "not caught up within "
                    + LIMIT + (running ? "" : " (never RUNNING)")));
            return running ? replacement : null;
        }

        /** A second instance joins: -> it owns active tasks with both RUNNING, -> caught up. */
        ServiceJvm join(ServiceJvm running, int standbys) throws Exception {
            String what = "rebalance, 2nd instance joins (standby " + standbys + ")";
            String load = "; machine load at the join " + Machine.loadAverage();
            Map<TopicPartition, Long> marks = lag.mark();
            long t0 = System.nanoTime();
            ServiceJvm joiner = start(standbys);
            // owning tasks, not merely RUNNING: a joiner RUNNING with warm-up replicas only has taken nothing over
            boolean moved = Waits.until(() -> !owned(joiner).isEmpty() && joiner.streamsRunning()
                    && running.streamsRunning(), LIMIT, 100);
            double movedAt = RawKafka.seconds(t0);
            boolean caught = moved && Waits.until(() -> caughtUp(marks), LIMIT, 100);
            rows.add(moved ? Row.measured(bench, what + ": start -> owns active tasks, both RUNNING", "s",
                    List.of(movedAt), note + load + "; includes the new JVM's start") : Row.notMeasured(bench,
                    what + ": start -> owns active tasks, both RUNNING", "the joiner owned no active task within "
                    + LIMIT));
            rows.add(caught ? Row.measured(bench, what + ": start -> caught up", "s", List.of(RawKafka.seconds(t0)),
                    note + load) : Row.notMeasured(bench, what + ": start -> caught up", "not caught up within " + LIMIT
                    + (moved ? "" : " (no task moved)")));
            return moved ? joiner : null;
        }

        /** The first of two killed, nothing restarted: -> the survivor owns every task, RUNNING; -> caught up. */
        void killOneOfTwo(ServiceJvm victim, ServiceJvm survivor, int standbys) throws Exception {
            String what = "SIGKILL one of two (standby " + standbys + ")";
            String load = "; machine load at the kill " + Machine.loadAverage();
            Set<TopicPartition> all = new HashSet<>(owned(victim));
            all.addAll(owned(survivor));
            Map<TopicPartition, Long> marks = lag.mark();
            long t0 = System.nanoTime();
            victim.kill();
            boolean took = Waits.until(() -> owned(survivor).containsAll(all) && owned(victim).isEmpty()
                    && survivor.streamsRunning(), LIMIT, 100);
            double tookAt = RawKafka.seconds(t0);
            boolean caught = took && Waits.until(() -> caughtUp(marks), LIMIT, 100);
            String why = standbys == 0 ? "; the survivor restores the killed one's tasks from the changelogs"
                    : "; the survivor held a standby of the killed one's tasks";
            rows.add(took ? Row.measured(bench, what + ": kill -> survivor owns every task, RUNNING", "s",
                    List.of(tookAt), note + load + why + "; includes the 10 s session timeout")
                    : Row.notMeasured(bench, what + ": kill -> survivor owns every task, RUNNING", "not within "
                    + LIMIT));
            rows.add(caught ? Row.measured(bench, what + ": kill -> caught up", "s", List.of(RawKafka.seconds(t0)),
                    note + load + why) : Row.notMeasured(bench, what + ": kill -> caught up", "not caught up within "
                    + LIMIT + (took ? "" : " (the survivor never owned every task)")));
        }

        /** Everything sent before {@code marks} processed (none: skip that part), and the lag under N. */
        boolean caughtUp(Map<TopicPartition, Long> marks) {
            try {
                return (marks == null || lag.processedUpTo(marks)) && lag.now() < n;
            } catch (Exception e) {
                return false; // the admin call timed out under load: ask again
            }
        }

        /** The input partitions the group assigns to this instance's consumers (its active tasks' inputs). */
        Set<TopicPartition> owned(ServiceJvm jvm) {
            Set<String> mine = memberIds.getOrDefault(jvm, Set.of());
            Set<TopicPartition> out = new HashSet<>();
            members().forEach((id, partitions) -> {
                if (mine.contains(id)) {
                    out.addAll(partitions);
                }
            });
            return out;
        }

        /** The group's members and their assignments; asked again while the admin call fails (a loaded broker). */
        Map<String, Set<TopicPartition>> members() {
            Map<String, Set<TopicPartition>> out = new HashMap<>();
            boolean read = Waits.until(() -> {
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(applicationId))
                            .describedGroups().get(applicationId).get(30, TimeUnit.SECONDS);
                    out.clear();
                    for (MemberDescription m : d.members()) {
                        out.put(m.consumerId(), m.assignment().topicPartitions());
                    }
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(90), 500);
            if (!read) {
                // an empty answer would make the next instance claim every member as its own
                throw new IllegalStateException("could not describe group " + applicationId + " for 90 s");
            }
            return out;
        }
    }
}
