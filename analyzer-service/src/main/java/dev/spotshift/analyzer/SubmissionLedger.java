package dev.spotshift.analyzer;

import dev.spotshift.analyzer.domain.IdempotencyKeys;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.TopicLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the analyzer has already accepted and answered. The state lives in Kafka, not here: on first
 * use this reads migration-plans (idempotency key -> planIds and what they asked for) and
 * spot-assessments (plans already answered) from the beginning, then keeps up with its own writes.
 * So a restart, a redelivery after a crash, or a CLI resubmission never yields a second assessment
 * or a second migration. Both topics keep a year, which bounds the replay.
 *
 * <p>Every mark here follows what it announces: a key is recorded once its submissions are
 * acknowledged, a plan is answered once its assessment's transaction committed.
 */
@ApplicationScoped
public class SubmissionLedger {

    private static final Logger LOG = Logger.getLogger(SubmissionLedger.class);

    private final String bootstrap;
    private final String registryUrl;
    private final String producer;
    private final IdempotencyKeys keys = new IdempotencyKeys();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    public SubmissionLedger(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                            @ConfigProperty(name = "quarkus.application.name") String producer) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.producer = producer;
    }

    /** Claims an idempotency key for plans; only a {@link IdempotencyKeys.Claim.Fresh} claim may publish. */
    public IdempotencyKeys.Claim claim(String key, List<String> planIds, List<MigrationPlan> plans) {
        ensureLoaded();
        return keys.claim(key, planIds, fingerprintable(plans));
    }

    /** The claim's submissions are acknowledged by the broker. */
    public void recorded(String key) {
        keys.recorded(key);
    }

    /** Forgets a claim whose events could not be published (or were refused), so the client can retry. */
    public void release(String key) {
        keys.release(key);
    }

    public boolean answered(String planId) {
        ensureLoaded();
        return answered.contains(planId);
    }

    /** Only once the assessment is on the log (its transaction committed): a failed send leaves the plan unanswered. */
    public void markAnswered(String planId) {
        answered.add(planId);
    }

    synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        try (TopicLog log = TopicLog.open(bootstrap, registryUrl, "analyzer-ledger",
                List.of(Topics.MIGRATION_PLANS, Topics.SPOT_ASSESSMENTS), Duration.ofSeconds(30))) {
            log.catchUp((topic, value) -> {
                if (value instanceof MigrationPlanSubmitted s && s.getIdempotencyKey() != null) {
                    keys.replayed(s.getIdempotencyKey(), s.getEnvelope().getPlanId(), s.getPlan().getWorkload().getName(), s.getPlan().toString());
                } else if (value instanceof AssessmentEvent a && a.getEnvelope().getProducer().startsWith(producer)) {
                    answered.add(a.getEnvelope().getPlanId());
                }
            });
        }
        loaded = true;
        LOG.infof("ledger rebuilt from Kafka: %d idempotency keys, %d answered plans", keys.size(), answered.size());
    }

    private static SortedMap<String, String> fingerprintable(List<MigrationPlan> plans) {
        SortedMap<String, String> m = new TreeMap<>();
        plans.forEach(p -> m.put(p.getWorkload().getName(), p.toString()));
        return m;
    }
}
