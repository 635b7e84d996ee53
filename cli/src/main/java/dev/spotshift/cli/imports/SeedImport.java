package dev.spotshift.cli.imports;

import dev.spotshift.cli.imports.SeedDocument.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Turns the planning documents teams already have (the pilot execution of seed 000, the spot migration execution
 * of seed 001) into a Spotshift plan: every value carries a comment naming where it came from, what the document
 * does not say is filled with a stated assumption, and every part with no counterpart is listed with why.
 */
public final class SeedImport {

    /** The document shapes known, by their top-level key. */
    public static final Map<String, String> SHAPES = Map.of(
            "pilot_execution", "a pilot execution of one workload (seed 000's shape)",
            "spot_migration_execution", "a spot migration of several services (seed 001's shape)");

    /** A value the document did not give, filled so that the plan validates; the user should confirm it. */
    public record Assumed(String field, Object value, String why) {}

    /** A part of the document with no counterpart in the plan, and why. */
    public record Unmapped(String path, String why) {}

    /** A part Spotshift does for every plan without a setting. */
    public record BuiltIn(String path, String what) {}

    public record Result(String shape, String planYaml, List<Assumed> assumed, List<Unmapped> unmapped,
                         List<BuiltIn> builtIn) {}

    /** Options for what no document says: the region when none is named. */
    public record Options(String defaultRegion, String planName) {
        public Options {
            defaultRegion = defaultRegion == null ? "us-east-1" : defaultRegion;
        }
    }

    public static final class ImportException extends RuntimeException {
        ImportException(String message) {
            super(message);
        }
    }

    private static final Pattern PERCENT = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\s*%");
    private static final Pattern DURATION = Pattern.compile(
            "([0-9]+)\\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|weeks?)\\b");
    private static final Pattern RULE = Pattern.compile("(?i)cpu\\s*[<>]=?\\s*([0-9.]+)\\s*%\\s*for\\s*(.+)");

    private final SeedDocument doc;
    private final Options options;
    private final List<Assumed> assumed = new ArrayList<>();
    private final List<Unmapped> unmapped = new ArrayList<>();
    private final List<BuiltIn> builtIn = new ArrayList<>();
    /** Section name to its fields (field to value and source), in the plan format's order. */
    private final Map<String, Map<String, Val>> sections = new LinkedHashMap<>();
    private final List<Map<String, Val>> workloads = new ArrayList<>();
    private final List<Map<String, Val>> reviews = new ArrayList<>();
    private final List<Map<String, Val>> waves = new ArrayList<>();
    private String name;
    private Val mode;

    private record Val(Object value, String from) {}

    private SeedImport(SeedDocument doc, Options options) {
        this.doc = doc;
        this.options = options;
    }

    /** Reads a seed-style document; a document of no known shape is refused, naming the shapes known. */
    public static Result from(String text, Options options) {
        LoaderOptions limits = new LoaderOptions();
        limits.setMaxAliasesForCollections(20);
        limits.setAllowDuplicateKeys(false);
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(limits)).load(text);
        } catch (RuntimeException e) {
            throw new ImportException("not a YAML document: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String shape = loaded instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf)
                .filter(SHAPES::containsKey).findFirst().orElse(null) : null;
        if (shape == null) {
            throw new ImportException("not a document shape plan import knows; it knows " + String.join(", ",
                    SHAPES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(e -> "'" + e.getKey() + ":' (" + e.getValue() + ")").toList()));
        }
        SeedImport i = new SeedImport(new SeedDocument(loaded), options);
        Node root = i.doc.root().get(shape).orElseThrow();
        if (shape.equals("pilot_execution")) {
            i.pilot(root);
        } else {
            i.migration(root);
        }
        i.leftovers();
        return new Result(shape, i.render(shape), List.copyOf(i.assumed), List.copyOf(i.unmapped),
                List.copyOf(i.builtIn));
    }

    // ---- seed 000: one workload's pilot ------------------------------------------------------------------------

    private void pilot(Node root) {
        Map<String, Val> w = new LinkedHashMap<>();
        Node validation = root.get("initial_validation").orElse(new Node("pilot_execution.initial_validation", null));
        Optional<Node> target = validation.at("pre_flight_checks", "target_workload", "name");
        String workload = target.map(this::used).map(Node::text).orElseGet(() -> {
            assume("workloads[0].name", "workload", "the document names no target workload");
            return "workload";
        });
        name = options.planName() != null ? options.planName() : workload.replace('_', '-') + "-pilot";
        w.put("name", new Val(workload, target.map(Node::path).orElse("assumed")));
        identity(w, workload, 0);
        validation.at("pre_flight_checks", "target_workload", "current_state").ifPresent(n -> builtIn(n,
                "the executor captures the workload's baseline (job time, error rate, CPU, cost per job) before the"
                        + " first change"));
        validation.at("pre_flight_checks", "backup_verification").ifPresent(n -> builtIn(n,
                "pre-flight checks " + "backup_target_writable and state_persistence_ready (the checkpoint bucket"
                        + " is written and read back), and monitoring_active (metric samples arriving)"));
        validation.at("pre_flight_checks", "failover_readiness").ifPresent(f -> {
            f.itemWhere("check", "ondemand_capacity_reserved").ifPresent(c -> {
                used(c);
                put("fallback", "onDemandCapacityReserved", true, c.path());
            });
            f.itemWhere("check", "failback_automation_ready").ifPresent(c -> builtIn(c,
                    "pre-flight check failback_ready"));
        });

        Node staged = root.get("staged_migration").orElse(new Node("pilot_execution.staged_migration", null));
        staged.get("phase_1_preparation").ifPresent(p1 -> {
            p1.get("duration").ifPresent(d -> unmapped(d, "a phase has no duration of its own: preparation is the"
                    + " executor's pre-flight, which takes as long as its checks"));
            p1.get("steps").flatMap(s -> s.itemWhere("action", "create_spot_fleet_request")).ifPresent(step -> {
                used(step.get("action").orElseThrow());
                step.get("config").ifPresent(c -> fleet(c, w, true));
            });
            p1.get("steps").flatMap(s -> s.itemWhere("action", "verify_spot_market")).ifPresent(this::market);
        });
        staged.get("phase_2_pilot_launch").ifPresent(p2 -> {
            Optional<Node> shadow = p2.get("steps").flatMap(s -> s.itemWhere("action", "launch_shadow_mode"));
            shadow.ifPresent(s -> {
                used(s.get("action").orElseThrow());
                mode = new Val("shadow", s.path() + ".action");
                p2.get("duration").ifPresent(d -> put("rollout", "shadowRun", duration(d), used(d).path()));
                s.get("config").ifPresent(c -> {
                    c.get("parallel_processing").ifPresent(this::used);
                    c.get("compare_outputs").ifPresent(this::used);
                    c.get("error_threshold").ifPresent(e -> unmapped(e, "the plan format has no setting for it:"
                            + " any output mismatch in the shadow run counts against it"));
                });
            });
            if (shadow.isEmpty()) {
                p2.get("duration").ifPresent(d -> unmapped(d, "without launch_shadow_mode the pilot launch has no"
                        + " phase of its own"));
            }
            p2.get("steps").flatMap(s -> s.itemWhere("action", "validate_performance")).ifPresent(v -> {
                used(v.get("action").orElseThrow());
                v.get("criteria").ifPresent(c -> gateCriteria(c));
            });
        });
        staged.get("phase_3_cutover").ifPresent(p3 -> {
            p3.get("steps").flatMap(s -> s.itemWhere("action", "gradual_traffic_shift")).ifPresent(shift -> {
                used(shift.get("action").orElseThrow());
                shift.get("config").ifPresent(c -> {
                    c.get("increment").ifPresent(inc -> {
                        int step = (int) number(used(inc));
                        List<Integer> steps = new ArrayList<>();
                        for (int p = step; p < 100 && step > 0; p += step) {
                            steps.add(p);
                        }
                        steps.add(100);
                        put("rollout", "stepsPercent", steps, inc.path() + " (every " + step + " %)");
                    });
                    c.get("interval").ifPresent(n -> put("rollout", "stepInterval", duration(n), used(n).path()));
                    c.get("validation_period").ifPresent(n ->
                            put("rollout", "validationWindow", duration(n), used(n).path()));
                });
            });
            p3.get("duration").ifPresent(d -> unmapped(d, "the cutover lasts as long as its steps take (steps x"
                    + " interval); it is not a setting of its own"));
            p3.get("steps").flatMap(s -> s.itemWhere("action", "performance_validation")).ifPresent(v -> {
                used(v.get("action").orElseThrow());
                v.get("criteria").ifPresent(this::successCriteria);
            });
        });

        root.get("continuous_monitoring").ifPresent(cm -> {
            cm.at("critical_metrics").ifPresent(this::reviewRules);
            cm.at("automated_responses", "interruption_handling").ifPresent(ih -> ih.items().forEach(item -> {
                if (item.get("trigger").map(Node::text).filter("spot_interruption_warning"::equals).isPresent()) {
                    builtIn(item, "on every two-minute notice the executor checkpoints state, has the"
                            + " instance replaced and validates the restored state");
                } else {
                    unmapped(item, "investigations and team alerts on degradation have no counterpart yet"
                            + " (no notifications)");
                }
            }));
        });
        root.get("rollback_readiness").ifPresent(rr -> {
            rr.at("triggers", "immediate").ifPresent(this::immediateTriggers);
            rr.at("triggers", "gradual").ifPresent(this::gradualTriggers);
            rr.get("procedures").ifPresent(p -> builtIn(p, "a full rollback pauses the spot share at once and"
                    + " returns the group to on-demand, confirmed by reading the group back"));
        });
        w.put("interruptionTolerant", new Val(true, "assumed"));
        w.put("stateless", new Val(true, "assumed"));
        w.put("realTimeRequirement", new Val(false, "assumed"));
        assume("workloads[0].interruptionTolerant/stateless/realTimeRequirement", "true/true/false",
                "the document describes a batch pilot but does not say; eligibility rests on these, confirm them");
        if (mode == null) {
            mode = new Val("live", "assumed");
            assume("mode", "live", "the document launches no shadow mode");
        }
        if (!sections.getOrDefault("spot", Map.of()).containsKey("targetCapacity")) {
            put("spot", "targetCapacity", 1, "assumed");
            assume("spot.targetCapacity", 1, "the document sets no capacity");
        }
        requireRollout();
        capacityRoom();
        workloads.add(w);
    }

    // ---- seed 001: several services ----------------------------------------------------------------------------

    private void migration(Node root) {
        Node stage1 = root.get("stage_1_preparation").orElse(new Node("spot_migration_execution.stage_1_preparation", null));
        Node batch = stage1.at("workload_identification", "batch_processing")
                .orElse(new Node(stage1.path() + ".workload_identification.batch_processing", null));
        Map<String, Val> criteria = new LinkedHashMap<>();
        batch.get("criteria").ifPresent(c -> {
            c.get("interruption_tolerant").ifPresent(n -> criteria.put("interruptionTolerant",
                    new Val(bool(used(n)), n.path())));
            c.get("stateless_preferred").ifPresent(n -> criteria.put("stateless", new Val(bool(used(n)), n.path())));
            c.get("no_real_time_requirements").ifPresent(n -> criteria.put("realTimeRequirement",
                    new Val(!bool(used(n)), n.path() + " (negated)")));
        });
        Map<String, Val> placement = new LinkedHashMap<>();
        stage1.at("safety_configuration", "failover_configuration").ifPresent(f -> {
            f.get("primary").flatMap(p -> p.get("region")).ifPresent(n -> placement.put("region",
                    new Val(used(n).text(), n.path())));
            f.get("primary").flatMap(p -> p.get("az_preference")).ifPresent(n -> placement.put("azPreference",
                    new Val(used(n).texts(), n.path())));
            f.get("backup").flatMap(p -> p.get("region")).ifPresent(n -> placement.put("backupRegion",
                    new Val(used(n).text(), n.path())));
            f.get("backup").flatMap(p -> p.get("az_preference")).ifPresent(n -> placement.put("backupAzPreference",
                    new Val(used(n).texts(), n.path())));
        });
        stage1.at("safety_configuration", "instance_termination_handling").ifPresent(t -> {
            t.get("checkpointing_interval").ifPresent(n -> put("checkpoint", "interval", duration(n), used(n).path()));
            t.get("state_persistence_path").ifPresent(n -> put("checkpoint", "location", used(n).text(), n.path()));
            t.get("graceful_shutdown_time").ifPresent(n ->
                    put("checkpoint", "gracefulShutdown", duration(n), used(n).path()));
        });
        List<Node> services = batch.get("target_services").map(Node::items).orElse(List.of());
        for (int i = 0; i < services.size(); i++) {
            Node s = services.get(i);
            Map<String, Val> w = new LinkedHashMap<>();
            String wname = s.get("name").map(this::used).map(Node::text).orElse("workload-" + (i + 1));
            w.put("name", new Val(wname, s.path() + ".name"));
            w.putAll(placement);
            identity(w, wname, i);
            s.get("current_instance").ifPresent(n -> w.put("currentInstanceType", new Val(used(n).text(), n.path())));
            s.get("fallback").ifPresent(n -> w.put("fallbackInstanceType", new Val(used(n).text(), n.path())));
            s.get("spot_target").ifPresent(n -> w.put("instanceTypes", new Val(used(n).texts(), n.path())));
            criteria.forEach(w::putIfAbsent);
            workloads.add(w);
        }
        if (services.isEmpty()) {
            throw new ImportException(batch.path() + ".target_services: the document names no service to migrate");
        }
        name = options.planName() != null ? options.planName() : "spot-migration";

        Node stage2 = root.get("stage_2_pilot_migration").orElse(new Node("spot_migration_execution.stage_2_pilot_migration", null));
        stage2.at("initial_service", "name").ifPresent(n -> unmapped(n, "the pilot service is a plan of its own"
                + " (import its pilot_execution document); its fleet, scaling and monitoring settings below apply"
                + " to the services of this plan"));
        stage2.at("initial_service", "implementation").ifPresent(impl -> {
            impl.itemWhere("step", "Create spot fleet request").ifPresent(step -> {
                used(step.get("step").orElseThrow());
                step.get("config").ifPresent(c -> fleet(c, null, false));
            });
            impl.itemWhere("step", "Configure AutoScaling").ifPresent(step -> {
                used(step.get("step").orElseThrow());
                step.get("config").ifPresent(this::scaling);
            });
            impl.itemWhere("step", "Setup monitoring").ifPresent(step -> {
                used(step.get("step").orElseThrow());
                step.at("config", "metrics").ifPresent(m -> builtIn(m, "interruptions, job completion, processing"
                        + " time and cost per job are tracked for every plan (status, audit)"));
                step.at("config", "alerts").ifPresent(a -> unmapped(a, "alerts have no counterpart yet (no"
                        + " notifications)"));
            });
        });
        stage2.get("validation_period").ifPresent(v -> {
            v.get("duration").ifPresent(d -> put("rollout", "validationPeriod", duration(d), used(d).path()));
            v.get("success_criteria").ifPresent(this::successCriteria);
        });
        root.get("stage_3_expansion").ifPresent(s3 -> {
            s3.get("rollout_plan").ifPresent(this::waves);
            s3.at("automation_implementation", "spot_fleet_management").ifPresent(m -> m.items().forEach(item -> {
                if (item.get("automatic_bidding").isPresent()) {
                    unmapped(item, "EC2 no longer takes bids; the plan's maxPrice caps what is paid");
                } else if (item.get("interruption_handling").isPresent()) {
                    builtIn(item, "the two-minute notice is answered with a checkpoint and a replacement for"
                            + " every plan");
                } else {
                    unmapped(item, "no counterpart: the group's own capacity rebalancing and replacement apply");
                }
            }));
        });
        root.get("monitoring_and_optimization").ifPresent(m -> unmapped(m, "fleet-wide metrics and continuous"
                + " optimisation have no counterpart yet; each plan's status and audit carry its own figures"));
        mode = new Val("live", "assumed");
        assume("mode", "live", "the document asks for no shadow run");
        requireRollout();
        capacityRoom();
    }

    /**
     * stage_3_expansion.rollout_plan as the plan's waves: the described services no phase names go first (they are
     * the services of stage 2), then each phase with the services it names that the plan has as workloads. A phase
     * names services the document describes nowhere (no instance types): those are listed as not mapped, and a phase
     * left with none is no wave.
     */
    private void waves(Node plan) {
        if (!(plan.value() instanceof Map<?, ?> phases)) {
            unmapped(plan, "not a mapping of phases");
            return;
        }
        List<String> described = workloads.stream().map(w -> String.valueOf(w.get("name").value())).toList();
        List<Map<String, Val>> phaseWaves = new ArrayList<>();
        java.util.Set<String> placed = new java.util.HashSet<>();
        for (Object key : phases.keySet()) {
            Node phase = plan.get(String.valueOf(key)).orElseThrow();
            List<String> members = new ArrayList<>();
            phase.get("services").map(this::used).ifPresent(list -> list.items().forEach(item -> {
                String service = item.text();
                if (described.contains(service) && placed.add(service)) {
                    used(item);
                    members.add(service);
                } else {
                    unmapped(item, described.contains(service) ? "already in an earlier wave"
                            : "a service the document does not describe (no target_services entry, so no instance"
                            + " types): add it to workloads to move it in this wave");
                }
            }));
            phase.get("duration").ifPresent(d -> unmapped(d, "a wave lasts as long as its migrations take (steps,"
                    + " then the validation period); the next wave starts when all of them COMPLETED"));
            if (members.isEmpty()) {
                phase.get("validation").ifPresent(v -> unmapped(v, "the phase moves no service of this plan"));
                continue;
            }
            Map<String, Val> wave = new LinkedHashMap<>();
            wave.put("name", new Val(String.valueOf(key), phase.path()));
            wave.put("workloads", new Val(members, phase.path() + ".services"));
            phase.get("validation").ifPresent(v -> wave.put("validationPeriod", new Val(duration(used(v)), v.path())));
            phaseWaves.add(wave);
        }
        if (phaseWaves.isEmpty()) {
            return; // no phase moves a described service: the plan runs its workloads at once
        }
        List<String> first = described.stream().filter(d -> !placed.contains(d)).toList();
        if (!first.isEmpty()) {
            Map<String, Val> wave = new LinkedHashMap<>();
            wave.put("name", new Val("stage_2", "assumed"));
            wave.put("workloads", new Val(first, "target_services no expansion phase names: they move first"));
            waves.add(wave);
        }
        waves.addAll(phaseWaves);
    }

    // ---- shared pieces -----------------------------------------------------------------------------------------

    /** The workload's kind and group, which no seed document states: from its name, said so. */
    private void identity(Map<String, Val> w, String workload, int index) {
        String lower = workload.toLowerCase(Locale.ROOT);
        String kind = lower.contains("etl") ? "batch-etl" : lower.contains("report") ? "report-generation"
                : lower.contains("log") ? "log-processing" : lower.contains("analytic") ? "data-analytics"
                : lower.contains("backup") ? "backup" : "other";
        w.put("kind", new Val(kind, "assumed from the name"));
        assume("workloads[" + index + "].kind", kind, "the document states no kind; read from the name");
        if (!w.containsKey("region")) {
            w.put("region", new Val(options.defaultRegion(), "assumed"));
            assume("workloads[" + index + "].region", options.defaultRegion(), "the document names no region"
                    + " (--region sets it)");
        }
        String group = workload.replace('_', '-');
        w.put("autoScalingGroupName", new Val(group, "assumed from the name"));
        assume("workloads[" + index + "].autoScalingGroupName", group, "the document names no Auto Scaling group");
        if (w.containsKey("backupRegion")) {
            // A failover needs the group in the backup region the spot share moves to; the document names none.
            w.put("backupAutoScalingGroupName", new Val(group + "-backup", "assumed from the name"));
            assume("workloads[" + index + "].backupAutoScalingGroupName", group + "-backup",
                    "the document names no Auto Scaling group in the backup region");
        }
    }

    private void fleet(Node config, Map<String, Val> pilot, boolean pilotTypes) {
        config.get("instance_types").ifPresent(n -> {
            if (pilotTypes) {
                put("spot", "instanceTypes", used(n).texts(), n.path());
                if (pilot != null) {
                    pilot.put("currentInstanceType", new Val(n.texts().get(0), n.path() + "[0] (assumed current)"));
                    assume("workloads[0].currentInstanceType", n.texts().get(0),
                            "the document names no current type; the first candidate is taken");
                }
            } else {
                unmapped(n, "the pilot's candidates; each service keeps its own spot_target");
            }
        });
        Optional<Node> allocation = config.get("allocation_strategy");
        Optional<Node> strategy = config.get("strategy");
        allocation.or(() -> strategy).ifPresent(n -> put("spot", "allocationStrategy", used(n).text(), n.path()));
        if (allocation.isPresent()) {
            strategy.ifPresent(s -> unmapped(s, "two strategies are given; allocation_strategy ("
                    + allocation.get().text() + ") is the one EC2 applies"));
        }
        config.get("max_price").ifPresent(n -> put("spot", "maxPrice", used(n).text(), n.path()));
        config.get("target_capacity").or(() -> config.get("capacity"))
                .ifPresent(n -> put("spot", "targetCapacity", (int) number(used(n)), n.path()));
        config.get("capacity").filter(c -> config.get("target_capacity").isPresent()).ifPresent(this::used);
    }

    private void scaling(Node config) {
        config.get("min_capacity").ifPresent(n -> put("spot", "minCapacity", (int) number(used(n)), n.path()));
        config.get("max_capacity").ifPresent(n -> put("spot", "maxCapacity", (int) number(used(n)), n.path()));
        config.get("target_capacity").ifPresent(n -> put("spot", "targetCapacity", (int) number(used(n)), n.path()));
        config.get("scale_up_threshold").ifPresent(n -> rule(n, "scaleOut"));
        config.get("scale_down_threshold").ifPresent(n -> rule(n, "scaleIn"));
    }

    private void rule(Node n, String which) {
        Matcher m = RULE.matcher(n.text().trim());
        if (!m.matches()) {
            unmapped(n, "not a rule of the form 'CPU > 75% for 10m'");
            return;
        }
        used(n);
        put("autoscaling", which + ".cpuPercent", Double.parseDouble(m.group(1)), n.path());
        put("autoscaling", which + ".after", iso(m.group(2), n), n.path());
    }

    private void market(Node step) {
        used(step.get("action").orElseThrow());
        step.get("criteria").ifPresent(c -> c.items().forEach(item -> {
            String condition = item.get("condition").map(Node::text).orElse("");
            Optional<Node> threshold = item.get("threshold");
            if (threshold.isEmpty()) {
                unmapped(item, "a criterion without a threshold");
                return;
            }
            Node t = threshold.get();
            switch (condition) {
                case "spot_price_stability" -> {
                    used(item);
                    put("market", "maxPriceVariationPercent", percent(t), t.path());
                    lookback(t).ifPresent(d -> put("market", "priceLookback", d, t.path()));
                }
                case "interruption_rate" -> {
                    used(item);
                    put("market", "maxInterruptionRatePercent", percent(t), t.path());
                }
                default -> unmapped(item, "no market criterion '" + condition + "' in the plan format");
            }
        }));
    }

    /** Seed 000's alert-and-review rules become review signals (never gates); a rollback among them is not one. */
    private void reviewRules(Node metrics) {
        if (!(metrics.value() instanceof Map<?, ?> groups)) {
            unmapped(metrics, "not a mapping of metric groups");
            return;
        }
        for (Object group : groups.keySet()) {
            metrics.get(String.valueOf(group)).ifPresent(list -> list.items().forEach(this::reviewRule));
        }
    }

    private void reviewRule(Node item) {
        String metric = item.get("metric").map(Node::text).orElse("");
        String action = item.get("action").map(Node::text).orElse("");
        Optional<Node> threshold = item.get("threshold");
        Optional<Node> window = item.get("window");
        if (action.contains("rollback")) {
            unmapped(item, "a rollback is not a review: the error rate's rollback comes from rollback_readiness");
            return;
        }
        String word = switch (metric) {
            case "job_completion_time", "processing_time" -> "processing-time-increase-percent";
            case "resource_utilization", "cpu_utilization" -> "cpu-utilisation-percent";
            case "cost_per_job" -> "cost-per-job-percent-of-baseline";
            case "spot_savings", "cost_savings" -> "savings-percent";
            case "error_rate" -> "error-rate-percent";
            default -> null;
        };
        if (word == null || threshold.isEmpty() || window.isEmpty()) {
            unmapped(item, word == null ? "no review metric '" + metric + "' in the plan format"
                    : "a review rule needs a threshold and a window");
            return;
        }
        used(item);
        // "> 60%" asks for at least 60; "< 50% of baseline", "80%" and "baseline + 5%" are ceilings.
        String bound = threshold.get().text().trim().startsWith(">") ? "atLeast" : "atMost";
        Map<String, Val> rule = new LinkedHashMap<>();
        rule.put("action", new Val(action.isEmpty() ? metric + "_review" : action, item.path() + ".action"));
        rule.put("metric", new Val(word, item.path() + ".metric"));
        rule.put(bound, new Val(percent(threshold.get()), threshold.get().path()));
        rule.put("window", new Val(duration(window.get()), window.get().path()));
        reviews.add(rule);
    }

    private void gateCriteria(Node criteria) {
        criteria.items().forEach(item -> {
            String metric = item.get("metric").map(Node::text).orElse("");
            Node t = item.get("threshold").orElse(item);
            switch (metric) {
                case "processing_time" -> {
                    used(item);
                    put("thresholds", "gate.processingTimeIncreasePercent", percent(t), t.path());
                }
                case "error_rate" -> {
                    used(item);
                    put("thresholds", "gate.maxErrorRatePercent", percent(t), t.path());
                }
                default -> unmapped(item, "no gate on '" + metric + "' in the plan format");
            }
        });
    }

    private void successCriteria(Node criteria) {
        criteria.items().forEach(item -> {
            String metric = item.get("metric").map(Node::text).orElse("");
            Node t = item.get("threshold").orElse(item);
            String field = switch (metric) {
                case "job_completion_rate", "job_success_rate" -> "minJobCompletionRatePercent";
                case "processing_time" -> "maxProcessingTimeIncreasePercent";
                case "cost_savings" -> "minCostSavingsPercent";
                default -> null;
            };
            if (field == null) {
                unmapped(item, "no success criterion on '" + metric + "' in the plan format");
            } else {
                used(item);
                put("success", field, percent(t), t.path());
            }
        });
    }

    private void immediateTriggers(Node list) {
        list.items().forEach(item -> {
            String condition = item.get("condition").map(Node::text).orElse("");
            if (condition.startsWith("error_rate")) {
                used(item);
                put("thresholds", "immediate.errorRatePercent", percentOf(condition, item), item.path() + ".condition");
                item.get("window").filter(w -> !w.text().equals("immediate"))
                        .ifPresent(w -> put("thresholds", "immediate.errorRateWindow", duration(w), w.path()));
            } else if (condition.equals("job_failure")) {
                used(item);
                put("thresholds", "immediate.rollbackOnJobFailure", true, item.path());
            } else if (condition.equals("data_inconsistency")) {
                used(item);
                put("thresholds", "immediate.rollbackOnDataInconsistency", true, item.path());
            } else {
                unmapped(item, "no immediate trigger '" + condition + "' in the plan format");
            }
        });
    }

    private void gradualTriggers(Node list) {
        list.items().forEach(item -> {
            String condition = item.get("condition").map(Node::text).orElse("");
            Optional<Node> window = item.get("window");
            if (condition.startsWith("performance_degradation")) {
                used(item);
                put("thresholds", "gradual.degradationPercent", percentOf(condition, item), item.path() + ".condition");
                window.ifPresent(w -> put("thresholds", "gradual.degradationWindow", duration(w), w.path()));
            } else if (condition.startsWith("cost_efficiency")) {
                used(item);
                put("thresholds", "gradual.minCostEfficiencyPercent", percentOf(condition, item),
                        item.path() + ".condition");
                window.ifPresent(w -> put("thresholds", "gradual.costWindow", duration(w), w.path()));
            } else {
                unmapped(item, "no gradual trigger '" + condition + "' in the plan format");
            }
        });
    }

    /** The plan format needs steps, an interval and a gate window; a document without them gets stated defaults. */
    private void requireRollout() {
        Map<String, Val> r = sections.computeIfAbsent("rollout", k -> new LinkedHashMap<>());
        if (!r.containsKey("stepsPercent")) {
            r.put("stepsPercent", new Val(List.of(25, 50, 75, 100), "assumed"));
            assume("rollout.stepsPercent", "[25, 50, 75, 100]", "the document gives no steps");
        }
        if (!r.containsKey("stepInterval")) {
            r.put("stepInterval", new Val("PT15M", "assumed"));
            assume("rollout.stepInterval", "PT15M", "the document gives no step interval");
        }
        if (!r.containsKey("validationWindow")) {
            r.put("validationWindow", new Val("PT10M", "assumed"));
            assume("rollout.validationWindow", "PT10M", "the document gives no gate window");
        }
    }

    /** A target above one instance needs a maximum that holds it; a document that gives none gets the target. */
    private void capacityRoom() {
        Map<String, Val> spot = sections.getOrDefault("spot", Map.of());
        Val target = spot.get("targetCapacity");
        if (target != null && !spot.containsKey("maxCapacity") && ((Number) target.value()).intValue() > 1) {
            put("spot", "maxCapacity", target.value(), "assumed: the target");
            assume("spot.maxCapacity", target.value(), "the document gives no maximum; the target is taken");
        }
    }

    private void leftovers() {
        for (String path : doc.unusedLeaves()) {
            unmapped.add(new Unmapped(path, "not recognised by the importer"));
        }
    }

    // ---- values ------------------------------------------------------------------------------------------------

    private Node used(Node n) {
        return doc.use(n);
    }

    private void unmapped(Node n, String why) {
        doc.use(n);
        unmapped.add(new Unmapped(n.path(), why));
    }

    private void builtIn(Node n, String what) {
        doc.use(n);
        builtIn.add(new BuiltIn(n.path(), what));
    }

    private void assume(String field, Object value, String why) {
        assumed.add(new Assumed(field, value, why));
    }

    private void put(String section, String field, Object value, String from) {
        sections.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(field, new Val(value, from));
    }

    private static boolean bool(Node n) {
        return Boolean.parseBoolean(n.text().trim());
    }

    private static double number(Node n) {
        try {
            return Double.parseDouble(n.text().trim());
        } catch (NumberFormatException e) {
            throw new ImportException(n.path() + ": '" + n.text() + "' is not a number");
        }
    }

    private static double percent(Node n) {
        return percentOf(n.text(), n);
    }

    private static double percentOf(String text, Node where) {
        Matcher m = PERCENT.matcher(text);
        if (!m.find()) {
            throw new ImportException(where.path() + ": '" + text + "' names no percentage");
        }
        return Double.parseDouble(m.group(1));
    }

    private static Optional<String> lookback(Node n) {
        Matcher m = Pattern.compile("past\\s+(.+)$").matcher(n.text());
        return m.find() ? Optional.of(iso(m.group(1), n)) : Optional.empty();
    }

    private static String duration(Node n) {
        return iso(n.text(), n);
    }

    /** "30m", "2h", "120s", "1 week", "72h per service" as ISO-8601, the plan format's durations. */
    static String iso(String text, Node where) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.find()) {
            throw new ImportException(where.path() + ": '" + text + "' is not a duration such as 30m, 2h or 1 week");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit.startsWith("w")) {
            return "P" + (n * 7) + "D";
        }
        if (unit.startsWith("d")) {
            return "P" + n + "D";
        }
        return "PT" + n + (unit.startsWith("h") ? "H" : unit.startsWith("m") ? "M" : "S");
    }

    // ---- output ------------------------------------------------------------------------------------------------

    private String render(String shape) {
        PlanText t = new PlanText();
        t.comment("Imported by `spotshift plan import` from " + SHAPES.get(shape) + ".")
                .comment("Each value names where it came from; 'assumed' values are not in the document: check them.")
                .field(0, "apiVersion", "spotshift.dev/v1", null)
                .field(0, "kind", "MigrationPlan", null)
                .field(0, "name", name, options.planName() != null ? "--name"
                        : shape.equals("pilot_execution") ? "from the workload's name" : "assumed (--name sets it)")
                .field(0, "mode", mode.value(), mode.from())
                .blank().section(0, "workloads", null);
        for (Map<String, Val> w : workloads) {
            boolean first = true;
            for (Map.Entry<String, Val> e : w.entrySet()) {
                if (first) {
                    t.listItem(1, e.getKey(), e.getValue().value(), e.getValue().from());
                    first = false;
                } else {
                    t.field(2, e.getKey(), e.getValue().value(), e.getValue().from());
                }
            }
        }
        for (String section : List.of("spot", "market", "rollout", "thresholds", "checkpoint", "autoscaling",
                "fallback", "success")) {
            Map<String, Val> fields = sections.get(section);
            if (fields == null || fields.isEmpty()) {
                continue;
            }
            t.blank().section(0, section, null);
            String open = null;
            for (Map.Entry<String, Val> e : fields.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(SeedImport::subsectionFirst)).toList()) {
                String key = e.getKey();
                int dot = key.indexOf('.');
                if (dot < 0) {
                    t.field(1, key, e.getValue().value(), e.getValue().from());
                    continue;
                }
                String sub = key.substring(0, dot);
                if (!sub.equals(open)) {
                    t.section(1, sub, null);
                    open = sub;
                }
                t.field(2, key.substring(dot + 1), e.getValue().value(), e.getValue().from());
            }
        }
        if (!reviews.isEmpty()) {
            t.blank().section(0, "reviews", "signals for people, never a rollback");
            for (Map<String, Val> rule : reviews) {
                boolean first = true;
                for (Map.Entry<String, Val> e : rule.entrySet()) {
                    if (first) {
                        t.listItem(1, e.getKey(), e.getValue().value(), e.getValue().from());
                        first = false;
                    } else {
                        t.field(2, e.getKey(), e.getValue().value(), e.getValue().from());
                    }
                }
            }
        }
        if (!waves.isEmpty()) {
            t.blank().section(0, "waves", "a wave starts when every migration of the wave before COMPLETED");
            for (Map<String, Val> wave : waves) {
                boolean first = true;
                for (Map.Entry<String, Val> e : wave.entrySet()) {
                    if (first) {
                        t.listItem(1, e.getKey(), e.getValue().value(), e.getValue().from());
                        first = false;
                    } else {
                        t.field(2, e.getKey(), e.getValue().value(), e.getValue().from());
                    }
                }
            }
        }
        if (!assumed.isEmpty()) {
            t.blank().comment("Assumed (not in the document; check before submitting):");
            assumed.forEach(a -> t.comment("  " + a.field() + " = " + a.value() + ": " + a.why()));
        }
        if (!builtIn.isEmpty()) {
            t.blank().comment("Done by Spotshift for every plan, without a setting:");
            builtIn.forEach(b -> t.comment("  " + b.path() + ": " + b.what()));
        }
        if (!unmapped.isEmpty()) {
            t.blank().comment("Not mapped:");
            unmapped.forEach(u -> t.comment("  " + u.path() + ": " + u.why()));
        }
        return t.toString();
    }

    /** Keeps a sub-section's fields together ("gate.x" after "immediate.y") without reordering plain fields. */
    private static int subsectionFirst(String a, String b) {
        String sa = a.contains(".") ? a.substring(0, a.indexOf('.')) : "";
        String sb = b.contains(".") ? b.substring(0, b.indexOf('.')) : "";
        return Integer.compare(order(sa), order(sb));
    }

    private static int order(String sub) {
        return switch (sub) {
            case "" -> 0;
            case "immediate", "scaleOut" -> 1;
            case "gradual", "scaleIn" -> 2;
            default -> 3;
        };
    }
}
