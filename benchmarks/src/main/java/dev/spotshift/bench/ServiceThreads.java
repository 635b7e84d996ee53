package dev.spotshift.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time and allocated bytes of one service's threads in this JVM, told apart by thread name (its Streams
 * threads and its clients' network threads carry its application id; the executor's actuator threads are named
 * "actuator-..."). Per-thread counters from ThreadMXBean: a thread that ends between two snapshots loses its
 * share, RocksDB's native threads are not Java threads and are not counted, and heap in use cannot be told apart
 * by thread at all (so memory per service is not reported here).
 */
final class ServiceThreads {

    private final Predicate<String> mine;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<Long, long[]> start;

    ServiceThreads(Predicate<String> mine) {
        this.mine = mine;
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            throw new IllegalStateException("per-thread CPU time is not available in this JVM");
        }
        this.start = snapshot();
    }

    /** {cpu nanoseconds, allocated bytes} of the service's threads since this object was made. */
    long[] sinceStart() {
        long cpu = 0;
        long allocated = 0;
        for (Map.Entry<Long, long[]> e : snapshot().entrySet()) {
            long[] before = start.getOrDefault(e.getKey(), new long[2]);
            cpu += Math.max(0, e.getValue()[0] - before[0]);
            allocated += Math.max(0, e.getValue()[1] - before[1]);
        }
        return new long[] {cpu, allocated};
    }

    private Map<Long, long[]> snapshot() {
        Map<Long, long[]> out = new HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || !mine.test(info.getThreadName())) {
                continue;
            }
            long id = info.getThreadId();
            long cpu = threads.getThreadCpuTime(id);
            long allocated = threads.getThreadAllocatedBytes(id);
            if (cpu >= 0) {
                out.put(id, new long[] {cpu, Math.max(0, allocated)});
            }
        }
        return out;
    }
}
