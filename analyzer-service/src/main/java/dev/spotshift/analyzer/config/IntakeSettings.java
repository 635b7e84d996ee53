package dev.spotshift.analyzer.config;

import dev.spotshift.schemas.plan.PlanParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The REST intake's limits, each derived from one setting so they cannot drift apart:
 * <ul>
 *   <li>the body limit from the record size the submissions producer may send
 *       ({@code spotshift.analyzer.intake.max-record-bytes}, which application.properties also gives the
 *       producer as {@code max.request.size}), less room for the envelope;</li>
 *   <li>how long a request waits for the broker's acknowledgement before answering 503
 *       ({@code spotshift.analyzer.intake.publish-timeout}), which must outlast the producer's own
 *       {@code max.block.ms + delivery.timeout.ms} so that after a 503 the producer has given the
 *       record up (IntakeSettingsTest holds application.properties to that).</li>
 * </ul>
 */
@ApplicationScoped
public class IntakeSettings {

    public static final String PATH = "/api/v1/migrations";

    private final int maxRecordBytes;
    private final Duration publishTimeout;

    @jakarta.inject.Inject
    public IntakeSettings(AnalyzerConfig config) {
        this(config.intake().maxRecordBytes(), config.intake().publishTimeout());
    }

    public IntakeSettings(int maxRecordBytes, Duration publishTimeout) {
        this.maxRecordBytes = maxRecordBytes;
        this.publishTimeout = publishTimeout;
    }

    /** The largest body accepted, in bytes. */
    public int maxBodyBytes() {
        return PlanParser.maxPlanBytes(maxRecordBytes);
    }

    public Duration publishTimeout() {
        return publishTimeout;
    }
}
