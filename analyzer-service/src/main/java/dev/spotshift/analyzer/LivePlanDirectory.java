package dev.spotshift.analyzer;
import dev.spotshift.analyzer.config.AnalyzerConfig;

import dev.spotshift.analyzer.domain.Assessment;
import dev.spotshift.analyzer.domain.LivePlans;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.TopicLog;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps {@link LivePlans} from the analyzer's own accepted assessments (spot-assessments) and the
 * monitor's migration-status, through a {@link TopicLog}: rebuilt from both topics on first use (so a
 * restart forgets nothing), caught up to their ends before each judgement (so a plan that just ended
 * frees its group), and told directly of each acceptance once its transaction committed (so the next
 * plan in the consumer's order is judged against it).
 */
@ApplicationScoped
public class LivePlanDirectory {

    private final LivePlans plans = new LivePlans();
    private final TopicLog log;
    private final String producer;

    @jakarta.inject.Inject
    public LivePlanDirectory(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                             @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                             @ConfigProperty(name = "quarkus.application.name") String producer,
                             AnalyzerConfig config) {
        this(bootstrap, registryUrl, producer, config.directory().timeout());
    }

    public LivePlanDirectory(String bootstrap, String registryUrl, String producer, Duration timeout) {
        this.producer = producer;
        this.log = TopicLog.open(bootstrap, registryUrl, "analyzer-live-plans",
                List.of(Topics.SPOT_ASSESSMENTS, Topics.MIGRATION_STATUS), timeout);
    }

    /** Reads what was written since the last call; throws if the broker does not answer (judge nothing then). */
    public void catchUp() {
        log.catchUp((topic, value) -> {
            if (value instanceof AssessmentEvent a && a.getPayload() instanceof OpportunityAssessed o
                    && a.getEnvelope().getProducer().startsWith(producer)) {
                plans.accepted(a.getEnvelope().getPlanId(), o.getPlan());
            } else if (value instanceof MigrationStatus s) {
                plans.status(s.getPlanId(), s.getStage());
            }
        });
    }

    /** The rejection of a plan that names a group or instances a live plan drives (after a {@link #catchUp}). */
    public Optional<Assessment> rejection(String planId, MigrationPlan plan) {
        return plans.rejection(planId, plan);
    }

    public Optional<LivePlans.Holder> holder(String planId, MigrationPlan plan) {
        return plans.holder(planId, plan);
    }

    /** Called only after the plan's OpportunityAssessed is committed. */
    public void accepted(String planId, MigrationPlan plan) {
        plans.accepted(planId, plan);
    }

    public boolean isLive(String planId) {
        return plans.isLive(planId);
    }

    void close(@Observes ShutdownEvent event) {
        log.close();
    }
}
