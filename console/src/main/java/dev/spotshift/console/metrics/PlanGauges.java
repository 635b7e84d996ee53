package dev.spotshift.console.metrics;

import dev.spotshift.console.domain.Board;
import dev.spotshift.console.domain.PlanView;
import dev.spotshift.console.feed.Changes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Per-plan gauges on /q/metrics, from the same board the pages show. Each gauge reads the board when scraped, so
 * the time in stage keeps growing for a plan that stopped moving (which is what the stuck-plan alert watches);
 * the stage itself is one series per plan with the stage as a label, value 1, rewritten when plans change.
 */
@ApplicationScoped
public class PlanGauges {

    public static final String INFO = "spotshift.plan.info";
    public static final String STAGE = "spotshift.plan.stage";
    public static final String LIVE = "spotshift.plan.live";
    public static final String SPOT = "spotshift.plan.spot.percent";
    public static final String SAVINGS = "spotshift.plan.savings.dollars";
    public static final String SAVINGS_PERCENT = "spotshift.plan.savings.percent";
    public static final String COST_PER_JOB = "spotshift.plan.cost.per.job.dollars";
    public static final String STAGE_AGE = "spotshift.plan.stage.age.seconds";
    public static final String STAGE_BUDGET = "spotshift.plan.stage.budget.seconds";
    public static final String ROLLBACKS = "spotshift.plan.rollbacks";
    public static final String LEAKING = "spotshift.plan.leaking.instances";
    public static final String DEAD_LETTERS = "spotshift.dead.letters";
    public static final String DEAD_LETTERS_TOTAL = "spotshift.dead.letters.on.topic";

    private final Board board;
    private final Changes changes;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Set<String> registered = new HashSet<>();
    private final MultiGauge stage;
    private final MultiGauge info;
    private final MultiGauge deadLetters;
    private final dev.spotshift.console.domain.DeadLetterTally tally;

    public PlanGauges(Board board, dev.spotshift.console.domain.DeadLetterTally tally, Changes changes,
                      MeterRegistry registry) {
        this.board = board;
        this.tally = tally;
        this.changes = changes;
        this.registry = registry;
        this.stage = MultiGauge.builder(STAGE).description("1 for a plan's current stage (label stage)")
                .register(registry);
        this.info = MultiGauge.builder(INFO).description("1 per plan, naming it (labels plan, workload)")
                .register(registry);
        this.deadLetters = MultiGauge.builder(DEAD_LETTERS)
                .description("dead letters on the topic, by the consumer that gave up and the topic it read")
                .register(registry);
        Gauge.builder(DEAD_LETTERS_TOTAL, tally, t -> t.total())
                .description("dead letters on the topic (within its retention); growth means something is refused")
                .register(registry);
    }

    /** Dead letters change without a plan's change; their rows are rewritten on every poll of the scheduler. */
    @io.quarkus.scheduler.Scheduled(every = "${spotshift.console.lag-every:15s}")
    void deadLetterRows() {
        deadLetters.register(tally.counts().entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of("consumer",
                e.getKey().consumer(), "source_topic", e.getKey().sourceTopic()), e.getValue()))
                .<MultiGauge.Row<?>>map(r -> r).toList(), true);
    }

    void start(@Observes StartupEvent event) {
        changes.batches().subscribe().with(ids -> refresh());
    }

    synchronized void refresh() {
        List<PlanView> plans = board.plans();
        for (PlanView v : plans) {
            if (registered.add(v.planId())) {
                register(v);
            }
        }
        stage.register(plans.stream().<MultiGauge.Row<?>>map(v -> MultiGauge.Row.of(tags(v).and("stage",
                v.progress().stage()), 1)).toList(), true);
        info.register(plans.stream().<MultiGauge.Row<?>>map(v -> MultiGauge.Row.of(tags(v).and("plan",
                nullToDash(v.identity().planName()),
                "workload", nullToDash(v.identity().workload())), 1)).toList(), true);
    }

    private void register(PlanView v) {
        String id = v.planId();
        Tags tags = tags(v);
        gauge(LIVE, "1 while the plan has not ended", tags, id, p -> p.progress().terminal() ? 0 : 1);
        gauge(SPOT, "the plan's spot share of capacity, percent", tags, id, p -> p.progress().spotPercent());
        gauge(SAVINGS, "saved so far versus on-demand, dollars", tags, id, p -> p.money().savingsMicros() / 1e6);
        gauge(SAVINGS_PERCENT, "saved so far versus on-demand, percent", tags, id, p -> p.money().savingsPercent());
        gauge(COST_PER_JOB, "what one job cost, dollars (NaN before the first job)", tags, id,
                p -> p.money().costPerJobMicros() == null ? Double.NaN : p.money().costPerJobMicros() / 1e6);
        gauge(STAGE_AGE, "seconds in the current stage", tags, id,
                p -> Duration.between(p.progress().stageSince(), clock.instant()).toMillis() / 1000.0);
        gauge(STAGE_BUDGET, "seconds the plan may stay in its current stage (NaN: no bound, or ended)", tags, id,
                p -> p.progress().stageBudget() == null ? Double.NaN : p.progress().stageBudget().toMillis() / 1000.0);
        gauge(ROLLBACKS, "rollbacks the plan went through", tags, id, p -> p.rollbacks().size());
        gauge(LEAKING, "instances tagged for the plan after it ended that the reaper did not terminate", tags, id,
                p -> p.money().leakingInstances());
    }

    private void gauge(String name, String help, Tags tags, String planId, ToDoubleFunction<PlanView> value) {
        Gauge.builder(name, board, b -> b.summary(planId).map(value::applyAsDouble).orElse(Double.NaN))
                .description(help).tags(tags).register(registry);
    }

    private static Tags tags(PlanView v) {
        // Only the id: a name can arrive after the first gauge (status before submission), and a series must keep
        // its labels; spotshift_plan_info carries the names to join on.
        return Tags.of("plan_id", v.planId());
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }
}
