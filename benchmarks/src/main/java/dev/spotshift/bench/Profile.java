package dev.spotshift.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of a benchmark run (settings "profile": CPU samples of every Java thread every 10 ms) and its
 * summary per service: the monitor's and the executor's Streams threads are told apart by their client id
 * (the benchmark's application ids start "bench-monitor-" and "bench-executor-"), so one JVM still yields one
 * profile per service. For each: CPU samples, the top frames (where the thread was), the top methods anywhere
 * on the stack, and named cost centres (changelog writes, serdes, RocksDB, commits) as shares of its samples.
 *
 * <pre>
 *   mvn -B -pl benchmarks exec:java -Dexec.args="--only 6 --concurrency 1000 --profile"   # record + summary
 *   mvn -B -pl benchmarks exec:java -Dexec.mainClass=dev.spotshift.bench.Profile -Dexec.args="FILE.jfr"  # summary only
 * </pre>
 */
public final class Profile implements AutoCloseable {

    /** Service -> which thread names are its own. Everything else is "harness and clients". */
    static final Map<String, Predicate<String>> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("monitor", t -> t.contains("bench-monitor-"));
        SERVICES.put("executor", t -> t.contains("bench-executor-") || t.startsWith("actuator-"));
    }

    /** Cost centres: a sample counts for one when any frame on its stack matches (inclusive). */
    static final Map<String, Predicate<RecordedFrame>> CENTRES = new LinkedHashMap<>();

    static {
        CENTRES.put("changelog writes (ChangeLoggingKeyValueBytesStore.put/log)",
                f -> cls(f).contains("ChangeLogging") && (name(f).equals("put") || name(f).equals("log")));
        CENTRES.put("RocksDB (RocksDBStore get/put/range)", f -> cls(f).endsWith("RocksDBStore"));
        CENTRES.put("state store serdes (StateSerde / the stores' mappings / legacy readers)",
                f -> cls(f).startsWith("dev.spotshift") && (cls(f).contains("StateSerde") || cls(f).contains("LegacyState")
                        || cls(f).contains("BallotSerde")) || cls(f).startsWith("org.apache.avro.message"));
        CENTRES.put("Apicurio/Avro serialize (sinks)", f -> cls(f).startsWith("io.apicurio") && name(f).equals("serialize"));
        CENTRES.put("Apicurio/Avro deserialize (inputs)", f -> cls(f).startsWith("io.apicurio") && name(f).equals("deserialize"));
        CENTRES.put("Avro schema text rendered (Schema.toString)", f -> cls(f).startsWith("org.apache.avro.Schema")
                && name(f).equals("toString"));
        CENTRES.put("transaction commit (commitTransaction / sendOffsetsToTransaction)",
                f -> name(f).equals("commitTransaction") || name(f).equals("sendOffsetsToTransaction"));
        CENTRES.put("consumer poll", f -> cls(f).endsWith("KafkaConsumer") && name(f).equals("poll")
                || cls(f).endsWith("ClassicKafkaConsumer") && name(f).equals("poll"));
        CENTRES.put("punctuators (StreamTask.punctuate)", f -> cls(f).endsWith("StreamTask") && name(f).equals("punctuate"));
        CENTRES.put("record processing (StreamTask.process)", f -> cls(f).endsWith("StreamTask") && name(f).equals("process"));
        CENTRES.put("Kafka TRACE/DEBUG formatting (LocationAwareKafkaLogger)", f -> cls(f).contains("LocationAwareKafkaLogger"));
        CENTRES.put("domain code (dev.spotshift.*.domain)", f -> cls(f).startsWith("dev.spotshift.") && cls(f).contains(".domain."));
    }

    private final Recording recording;
    private final Path file;

    private Profile(Path file) throws Exception {
        this.file = file;
        this.recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setToDisk(true);
        recording.setDestination(file);
        recording.start();
    }

    /** Starts recording this JVM now; {@link #close()} writes the file. */
    public static Profile start(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new Profile(file);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        recording.stop();
        recording.close();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: Profile FILE.jfr [OUT.txt]");
        }
        String summary = summarize(Path.of(args[0]), 20);
        System.out.println(summary);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), summary);
        }
    }

    /** Per service (and the rest of the JVM): samples, top frames, top inclusive methods, cost centres. */
    public static String summarize(Path jfr, int top) throws IOException {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        SERVICES.keySet().forEach(s -> tallies.put(s, new Tally()));
        tallies.put("harness, broker clients and the rest of this JVM", new Tally());
        Map<String, Integer> threads = new HashMap<>();
        try (RecordingFile in = new RecordingFile(jfr)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedThread thread = e.getThread("sampledThread");
                RecordedStackTrace stack = e.getStackTrace();
                if (thread == null || stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                String name = thread.getJavaName() == null ? "?" : thread.getJavaName();
                threads.merge(name, 1, Integer::sum);
                tallies.get(serviceOf(name)).add(stack.getFrames());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("JFR summary of ").append(jfr.getFileName()).append(" (jdk.ExecutionSample: CPU samples of running Java")
                .append(" threads, ~10-20 ms apart; shares are of the service's own samples)\n");
        for (Map.Entry<String, Tally> t : tallies.entrySet()) {
            sb.append('\n').append(t.getValue().report(t.getKey(), top));
        }
        sb.append("\nthreads by samples:\n");
        threads.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> sb.append(String.format(Locale.ROOT, "  %6d  %s%n", e.getValue(), e.getKey())));
        return sb.toString();
    }

    static String serviceOf(String threadName) {
        for (Map.Entry<String, Predicate<String>> s : SERVICES.entrySet()) {
            if (s.getValue().test(threadName)) {
                return s.getKey();
            }
        }
        return "harness, broker clients and the rest of this JVM";
    }

    private static String cls(RecordedFrame f) {
        return f.getMethod() == null || f.getMethod().getType() == null ? "" : f.getMethod().getType().getName();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod() == null ? "" : f.getMethod().getName();
    }

    private static String method(RecordedFrame f) {
        String c = cls(f);
        return c.substring(c.lastIndexOf('.') + 1) + "." + name(f) + " (" + c.substring(0, Math.max(0, c.lastIndexOf('.'))) + ")";
    }

    /** Counts of one service's samples. */
    static final class Tally {
        int samples;
        final Map<String, Integer> self = new HashMap<>();
        final Map<String, Integer> inclusive = new HashMap<>();
        final Map<String, Integer> centres = new LinkedHashMap<>();

        void add(List<RecordedFrame> frames) {
            samples++;
            self.merge(method(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = method(f);
                if (seen.add(m)) {
                    inclusive.merge(m, 1, Integer::sum);
                }
            }
            for (Map.Entry<String, Predicate<RecordedFrame>> c : CENTRES.entrySet()) {
                if (frames.stream().anyMatch(c.getValue())) {
                    centres.merge(c.getKey(), 1, Integer::sum);
                }
            }
        }

        String report(String service, int top) {
            StringBuilder sb = new StringBuilder("== ").append(service).append(": ").append(samples).append(" samples\n");
            if (samples == 0) {
                return sb.append("  not measured: no CPU sample of its threads in the recording\n").toString();
            }
            sb.append("  cost centres (inclusive):\n");
            centres.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> sb.append(line(e.getValue(), e.getKey())));
            sb.append("  top frames (self):\n");
            List<Map.Entry<String, Integer>> s = new ArrayList<>(self.entrySet());
            s.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
            s.stream().limit(top).forEach(e -> sb.append(line(e.getValue(), e.getKey())));
            sb.append("  top methods anywhere on the stack (inclusive; Spotshift, Kafka, Apicurio, Avro, RocksDB):\n");
            inclusive.entrySet().stream()
                    .filter(e -> e.getKey().contains("(dev.spotshift") || e.getKey().contains("(org.apache.kafka")
                            || e.getKey().contains("(io.apicurio") || e.getKey().contains("(org.apache.avro")
                            || e.getKey().contains("(org.rocksdb"))
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top * 2L)
                    .forEach(e -> sb.append(line(e.getValue(), e.getKey())));
            return sb.toString();
        }

        private String line(int count, String what) {
            return String.format(Locale.ROOT, "  %6.1f %%  %6d  %s%n", 100.0 * count / samples, count, what);
        }
    }
}
