package dev.spotshift.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which jobs of a shadow run (seed 000's compare_outputs) produced a different output, with both outputs' SHA-256:
 * the records behind the {@code OutputMismatches} count the workload puts into CloudWatch, which carries numbers
 * only. The workload writes them, and the cloud bridge reads them, through the port's {@link CheckpointStore}, in the
 * plan's checkpoint location (the bucket the workload already writes its checkpoints to):
 *
 * <pre>
 *   &lt;checkpoint location&gt;/shadow-mismatches/&lt;AutoScalingGroupName&gt;/&lt;t&gt;.jsonl
 * </pre>
 *
 * {@code t} is the instant, in epoch milliseconds written with 13 digits, the workload stamps the interval's
 * {@code OutputMismatches} datapoint with, so the bridge reads a record with the interval whose count it explains.
 * One object per interval that had a mismatch (none otherwise); one JSON object per line:
 * {@code {"jobId":"..","servingChecksum":"<hex>","shadowChecksum":"<hex>"}}. Keyed by the group, as the CloudWatch
 * figures are: a workload knows its group, not the id Spotshift gave its migration.
 */
public final class ShadowMismatchLog {

    public static final String FOLDER = "shadow-mismatches";
    public static final String SUFFIX = ".jsonl";
    private static final int MILLIS_DIGITS = 13;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One job whose output on the shadow capacity differed from its serving output. */
    public record Mismatch(String jobId, String servingChecksum, String shadowChecksum) {
        public Mismatch {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(servingChecksum, "servingChecksum");
            Objects.requireNonNull(shadowChecksum, "shadowChecksum");
        }
    }

    private ShadowMismatchLog() {
    }

    /** Where the records of the group's interval stamped {@code at} live under the plan's checkpoint location. */
    public static URI location(URI checkpointLocation, String groupName, Instant at) {
        return URI.create(folder(checkpointLocation, groupName) + stamp(at.toEpochMilli()) + SUFFIX);
    }

    /** Writes the interval's records (nothing when there are none); a repeat overwrites the same object. */
    public static void write(CheckpointStore store, URI checkpointLocation, String groupName, Instant at,
                             List<Mismatch> mismatches) {
        if (mismatches.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (Mismatch m : mismatches) {
            ObjectNode line = JSON.createObjectNode().put("jobId", m.jobId()).put("servingChecksum", m.servingChecksum())
                    .put("shadowChecksum", m.shadowChecksum());
            lines.append(line).append('\n');
        }
        store.put(location(checkpointLocation, groupName, at), lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The records of the group's intervals stamped in [{@code from}, {@code to}), in time order. Only the keys that can
     * fall in the window are listed (their common leading digits narrow the prefix). A line that is no such record is
     * passed over: the count in CloudWatch still stands, so a rollback is not lost, only its names.
     */
    public static List<Mismatch> read(CheckpointStore store, URI checkpointLocation, String groupName, Instant from,
                                      Instant to) {
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        if (end <= start) {
            return List.of();
        }
        String folder = folder(checkpointLocation, groupName);
        String narrowed = folder + commonPrefix(stamp(start), stamp(end - 1));
        List<Mismatch> out = new ArrayList<>();
        for (StoredObject o : store.list(URI.create(narrowed))) {
            String key = o.location().toString();
            if (!key.startsWith(folder) || !key.endsWith(SUFFIX)) {
                continue;
            }
            String digits = key.substring(folder.length(), key.length() - SUFFIX.length());
            if (!digits.matches("[0-9]{" + MILLIS_DIGITS + "}")) {
                continue;
            }
            long at = Long.parseLong(digits);
            if (at >= start && at < end) {
                out.addAll(parse(store.get(o.location())));
            }
        }
        return out;
    }

    static List<Mismatch> parse(byte[] data) {
        List<Mismatch> out = new ArrayList<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                String job = text(n, "jobId");
                String serving = text(n, "servingChecksum");
                String shadow = text(n, "shadowChecksum");
                if (job != null && serving != null && shadow != null) {
                    out.add(new Mismatch(job, serving, shadow));
                }
            } catch (java.io.IOException e) {
                // not a record: passed over (see read)
            }
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    private static String folder(URI checkpointLocation, String groupName) {
        Objects.requireNonNull(groupName, "groupName");
        String base = checkpointLocation.toString().endsWith("/") ? checkpointLocation.toString()
                : checkpointLocation + "/";
        return base + FOLDER + "/" + groupName + "/";
    }

    private static String stamp(long epochMillis) {
        return String.format("%0" + MILLIS_DIGITS + "d", epochMillis);
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }
}
