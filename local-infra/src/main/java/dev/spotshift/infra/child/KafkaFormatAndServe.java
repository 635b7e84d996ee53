package dev.spotshift.infra.child;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Main class of the Kafka broker child JVM: formats the KRaft storage
 * ({@code kafka.tools.StorageTool format -t <cluster-id> -c <server.properties> --ignore-formatted})
 * and then runs the broker ({@code kafka.Kafka <server.properties>}) in the same JVM, which saves
 * the start-up of a second JVM just for formatting.
 *
 * <p>Reaches Kafka by reflection only: it is compiled against nothing but the JDK, and its class
 * file is copied next to the broker's own class path (no nested classes, please).
 *
 * <p>Usage: {@code KafkaFormatAndServe <server.properties> <cluster-id> [format options...]}; the extra options go
 * to the format step (e.g. {@code --add-scram} for a secured broker's super user).
 */
public final class KafkaFormatAndServe {

    /** Exit status when formatting the storage fails. */
    public static final int FORMAT_FAILED = 3;

    private KafkaFormatAndServe() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: KafkaFormatAndServe <server.properties> <cluster-id> [format options...]");
            System.exit(2);
        }
        String serverProperties = args[0];
        String clusterId = args[1];

        Method execute = Class.forName("kafka.tools.StorageTool")
                .getMethod("execute", String[].class, PrintStream.class);
        int rc;
        try {
            String[] format = {"format", "-t", clusterId, "-c", serverProperties, "--ignore-formatted"};
            String[] formatArgs = new String[format.length + args.length - 2];
            System.arraycopy(format, 0, formatArgs, 0, format.length);
            System.arraycopy(args, 2, formatArgs, format.length, args.length - 2);
            Object result = execute.invoke(null, formatArgs, System.out);
            rc = ((Number) result).intValue();
        } catch (InvocationTargetException e) {
            System.err.println("[spotshift] formatting KRaft storage failed: " + e.getCause());
            e.getCause().printStackTrace();
            rc = FORMAT_FAILED;
        }
        if (rc != 0) {
            System.err.println("[spotshift] kafka.tools.StorageTool format exited with " + rc);
            System.exit(rc == 0 ? FORMAT_FAILED : rc);
        }
        System.out.println("[spotshift] KRaft storage formatted; starting kafka.Kafka " + serverProperties);
        System.out.flush();

        Method kafkaMain = Class.forName("kafka.Kafka").getMethod("main", String[].class);
        try {
            kafkaMain.invoke(null, (Object) new String[] {serverProperties});
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
