package dev.spotshift.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the figures were measured on: a ratio or a percentile means little without the machine and its load. */
public final class Machine {

    private Machine() {}

    public static Map<String, String> describe(String kafka) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("host", hostName());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", memory());
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("jvm max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        m.put("load average", loadAverage());
        m.put("kafka", kafka);
        return m;
    }

    /** 1/5/15-minute load, so a reader sees how busy the machine was while the numbers were taken. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "unknown" : String.format("%.2f", one);
        }
    }

    private static String memory() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            String total = value(lines, "MemTotal:");
            String available = value(lines, "MemAvailable:");
            return total + " total, " + available + " available";
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 + " MiB").orElse("?");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
