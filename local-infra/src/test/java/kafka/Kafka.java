package kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Test stand-in for the real broker's main class, so KafkaBrokerProcess's failure handling can be
 * tested without a broker. With {@code spotshift.test.behaviour=hang} in server.properties it
 * never opens a port.
 */
public final class Kafka {

    public static final String BEHAVIOUR = "spotshift.test.behaviour";
    public static final String HANG = "hang-without-opening-a-port";

    private Kafka() {}

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(Path.of(args[0]))) {
            p.load(in);
        }
        if (HANG.equals(p.getProperty(BEHAVIOUR))) {
            System.out.println("stand-in broker: hanging on purpose");
            new CountDownLatch(1).await();
        }
        System.out.println("stand-in broker: exiting");
        System.exit(1);
    }
}
