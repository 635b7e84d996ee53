package dev.spotshift.analyzer;
import dev.spotshift.analyzer.config.IntakeSettings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.plan.PlanParser;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The intake's producer settings, held to what the REST answers promise. */
class IntakeSettingsTest {

    static final String PRODUCER = "mp.messaging.outgoing.submissions.";
    static Properties p;

    @BeforeAll
    static void load() throws Exception {
        p = new Properties();
        try (InputStream in = IntakeSettingsTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
    }

    static long millis(String producerKey) {
        return Long.parseLong(p.getProperty(PRODUCER + producerKey));
    }

    @Test
    void a503IsAnsweredOnlyAfterTheProducerHasGivenTheRecordUp() {
        Duration answer = Duration.parse(p.getProperty("spotshift.analyzer.intake.publish-timeout"));

        // send() may block for max.block.ms, then the record has delivery.timeout.ms to be acknowledged or dropped
        assertThat(millis("max.block.ms") + millis("delivery.timeout.ms")).isLessThan(answer.toMillis());
        // Kafka refuses a delivery timeout shorter than these two
        assertThat(millis("delivery.timeout.ms")).isGreaterThanOrEqualTo(millis("linger.ms") + millis("request.timeout.ms"));
        // and no submission waits in the emitter, outside those timeouts
        assertThat(p.getProperty(PRODUCER + "max-inflight-messages")).isEqualTo("0");
    }

    @Test
    void theBodyLimitAndTheProducersRecordLimitComeFromOneSetting() {
        assertThat(p.getProperty(PRODUCER + "max.request.size")).isEqualTo("${spotshift.analyzer.intake.max-record-bytes}");
        int record = Integer.parseInt(p.getProperty("spotshift.analyzer.intake.max-record-bytes"));
        IntakeSettings settings = new IntakeSettings(record, Duration.ofSeconds(30));

        assertThat(settings.maxBodyBytes()).isEqualTo(record - PlanParser.RECORD_ALLOWANCE).isPositive();
        // Kafka's broker default for a topic's max.message.bytes; the catalog sets no other
        assertThat(record).isLessThanOrEqualTo(1_048_588);
    }
}
