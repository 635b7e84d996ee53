package dev.spotshift.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

    @TempDir
    Path tmp;

    @Test
    void startsARealBrokerAndDeletesItsDataWhenClosed() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.start();
        Path workDir = broker.workDir();
        try {
            assertThat(broker.isAlive()).isTrue();
            assertThat(ChildJvm.portAnswers(broker.port())).isTrue();
            assertThat(workDir.resolve("data")).isDirectory();
        } finally {
            broker.close();
        }
        assertThat(broker.isAlive()).isFalse();
        assertThat(workDir).doesNotExist();
    }

    @Test
    void failsAtOnceNamingTheBuildCommandWhenTheClasspathFileIsMissing() {
        Path missing = tmp.resolve("no-such/broker-classpath.txt");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> KafkaBrokerProcess.start(new KafkaBrokerProcess.Options().classpathFile(missing)))
                .isInstanceOf(InfraStartException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("mvn -B -q install -pl infra-dist/kafka-broker");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failsAtOnceNamingTheBuildCommandWhenAJarOfTheClasspathIsGone() throws Exception {
        Path file = tmp.resolve("broker-classpath.txt");
        Files.writeString(file, tmp.resolve("gone/kafka_2.13-4.1.1.jar").toString());
        assertThatThrownBy(() -> KafkaBrokerProcess.start(new KafkaBrokerProcess.Options().classpathFile(file)))
                .isInstanceOf(InfraStartException.class)
                .hasMessageContaining("gone/kafka_2.13-4.1.1.jar")
                .hasMessageContaining("mvn -B -q install -pl infra-dist/kafka-broker");
    }

    @Test
    void failsFastNamingTheLogWhenTheBrokerJvmExitsEarly() throws Exception {
        // a class path without Kafka: the child JVM starts, cannot find the broker, and exits
        Path emptyDir = Files.createDirectories(tmp.resolve("empty"));
        Path file = tmp.resolve("broker-classpath.txt");
        Files.writeString(file, emptyDir.toString());
        long t0 = System.nanoTime();
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> KafkaBrokerProcess.start(new KafkaBrokerProcess.Options().classpathFile(file)));
        assertThat(failure)
                .isInstanceOf(InfraStartException.class)
                .hasMessageContaining("exited early")
                .hasMessageContaining("broker.log")
                .hasMessageContaining("kafka.tools.StorageTool");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        Path logFile = logPathIn(failure.getMessage());
        assertThat(logFile).exists();
        ChildJvm.deleteTree(logFile.getParent());
    }

    @Test
    void givesUpWithinTheStartTimeoutAndStopsTheChildWhenTheBrokerNeverAnswers() throws Exception {
        // test classes hold a stand-in kafka.Kafka whose main never opens a port
        Path file = tmp.resolve("broker-classpath.txt");
        Files.writeString(file, testClassesDir().toString());
        KafkaBrokerProcess.Options options = new KafkaBrokerProcess.Options()
                .classpathFile(file)
                .startTimeout(Duration.ofSeconds(4))
                .config(kafka.Kafka.BEHAVIOUR, kafka.Kafka.HANG);
        long t0 = System.nanoTime();
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> KafkaBrokerProcess.start(options));
        assertThat(failure)
                .isInstanceOf(InfraStartException.class)
                .hasMessageContaining("did not become ready within 4 s")
                .hasMessageContaining("never answered")
                .hasMessageContaining("broker.log");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        // the child (which names its work dir on its command line) is gone; the log is kept for reading
        Path logFile = logPathIn(failure.getMessage());
        assertThat(logFile).exists();
        String workDir = logFile.getParent().toString();
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().arguments().map(a -> String.join(" ", a).contains(workDir)).orElse(false)));
        ChildJvm.deleteTree(logFile.getParent());
    }

    @Test
    void refusesAClientPortThatIsAlreadyTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(ChildJvm.LOOPBACK, 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> KafkaBrokerProcess.start(new KafkaBrokerProcess.Options().port(port)))
                    .isInstanceOf(InfraStartException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void clusterIdsLookLikeKafkaStorageRandomUuid() {
        String id = KafkaBrokerProcess.newClusterId();
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
    }

    static Path testClassesDir() throws Exception {
        return Paths.get(kafka.Kafka.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static Path logPathIn(String message) {
        for (String word : message.split("\\s+")) {
            if (word.endsWith(".log")) {
                return Paths.get(word);
            }
        }
        throw new AssertionError("no log path in: " + message);
    }

}
