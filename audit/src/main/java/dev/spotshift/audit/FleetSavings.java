package dev.spotshift.audit;

import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.PlanAccounting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's money, per service (a plan's workload) and in total, from each plan's cost account (the latest
 * {@code migration-status}: what its capacity cost against the same capacity on-demand, its jobs, its baseline cost
 * per job), so every figure here is a sum of the plans' own. Beside it: spot and on-demand hours per time bucket
 * (from the non-shadow samples), interruptions and how long each took to recover, and how migrations ended.
 */
public record FleetSavings(List<ServiceFigures> services, ServiceFigures total, Map<String, Integer> outcomes,
                           List<HoursBucket> overTime, Interruptions interruptions) {

    /** One service's (or the fleet's) account. Hours are capacity-hours in units of the whole group. */
    public record ServiceFigures(String service, int plans, double spotHours, double onDemandHours, long costMicros,
                                 long onDemandCostMicros, long jobsCompleted, long jobsFailed,
                                 long baselineCostMicros, long baselineJobs) {

        public long savingsMicros() {
            return onDemandCostMicros - costMicros;
        }

        public double savingsPercent() {
            return onDemandCostMicros == 0 ? 0 : 100.0 * savingsMicros() / onDemandCostMicros;
        }

        /** Cost per completed job, or null before the first job. */
        public Long costPerJobMicros() {
            return jobsCompleted == 0 ? null : costMicros / jobsCompleted;
        }

        /** The baseline's cost per job, weighted by the jobs of the plans that have a baseline; null without any. */
        public Long baselineCostPerJobMicros() {
            return baselineJobs == 0 ? null : baselineCostMicros / baselineJobs;
        }

        public Double costPerJobPercentOfBaseline() {
            Long cost = costPerJobMicros();
            Long base = baselineCostPerJobMicros();
            return cost == null || base == null || base == 0 ? null : 100.0 * cost / base;
        }

        public double spotHoursPercent() {
            double all = spotHours + onDemandHours;
            return all == 0 ? 0 : 100.0 * spotHours / all;
        }

        ServiceFigures plus(PlanAccounting a) {
            long baseJobs = a.getBaselineCostPerJobMicros() == null ? 0 : a.getJobsCompleted();
            long baseCost = a.getBaselineCostPerJobMicros() == null ? 0 : a.getBaselineCostPerJobMicros() * a.getJobsCompleted();
            return new ServiceFigures(service, plans + 1, spotHours + a.getSpotHours(), onDemandHours + a.getOnDemandHours(),
                    costMicros + a.getCostMicros(), onDemandCostMicros + a.getOnDemandCostMicros(),
                    jobsCompleted + a.getJobsCompleted(), jobsFailed + a.getJobsFailed(),
                    baselineCostMicros + baseCost, baselineJobs + baseJobs);
        }

        ServiceFigures plus(ServiceFigures o) {
            return new ServiceFigures(service, plans + o.plans, spotHours + o.spotHours, onDemandHours + o.onDemandHours,
                    costMicros + o.costMicros, onDemandCostMicros + o.onDemandCostMicros, jobsCompleted + o.jobsCompleted,
                    jobsFailed + o.jobsFailed, baselineCostMicros + o.baselineCostMicros, baselineJobs + o.baselineJobs);
        }

        static ServiceFigures empty(String service) {
            return new ServiceFigures(service, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /** Spot and on-demand capacity-hours of the samples that started in [start, start + width). */
    public record HoursBucket(Instant start, double spotHours, double onDemandHours) {}

    /** How many interruptions the plans met, and from notice to replacement how long each recovery took. */
    public record Interruptions(int handled, List<Duration> recoveries) {
        public Duration longest() {
            return recoveries.stream().max(Duration::compareTo).orElse(null);
        }

        public Duration median() {
            List<Duration> sorted = recoveries.stream().sorted().toList();
            return sorted.isEmpty() ? null : sorted.get(sorted.size() / 2);
        }
    }

    /** How a migration ended, for the succeeded / rolled back / failed counts; live and refused plans apart. */
    public static String outcome(MigrationStage stage, boolean terminal) {
        return switch (stage) {
            case COMPLETED -> "succeeded";
            case ROLLED_BACK -> "rolled back";
            case FAILED, PREFLIGHT_FAILED, ABORTED -> "failed";
            case REJECTED, DECLINED -> "not started";
            default -> terminal ? "failed" : "in progress";
        };
    }

    /** The service a plan belongs to: its workload, else its plan name, else its id. */
    public static String service(MigrationStatus s) {
        return s.getWorkloadName() != null ? s.getWorkloadName() : s.getPlanName() != null ? s.getPlanName() : s.getPlanId();
    }

    /**
     * @param statuses    the latest status of each plan
     * @param samples     workload samples (shadow ones are left out, as the cost account does)
     * @param bucket      the width of the over-time buckets
     * @param recoveries  notice-to-replacement durations of the interruptions seen
     */
    public static FleetSavings of(Collection<MigrationStatus> statuses, Collection<MetricSample> samples, Duration bucket,
                                  List<Duration> recoveries) {
        Map<String, ServiceFigures> byService = new TreeMap<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List.of("succeeded", "rolled back", "failed", "in progress", "not started").forEach(o -> outcomes.put(o, 0));
        int handled = 0;
        for (MigrationStatus s : statuses) {
            outcomes.merge(outcome(s.getStage(), s.getTerminal()), 1, Integer::sum);
            handled += s.getInterruptionsHandled();
            if (s.getAccounting() != null) {
                String service = service(s);
                byService.put(service, byService.getOrDefault(service, ServiceFigures.empty(service)).plus(s.getAccounting()));
            }
        }
        ServiceFigures total = byService.values().stream().reduce(ServiceFigures.empty("total"), ServiceFigures::plus);
        return new FleetSavings(new ArrayList<>(byService.values()), total, outcomes, buckets(samples, bucket),
                new Interruptions(handled, List.copyOf(recoveries)));
    }

    private static List<HoursBucket> buckets(Collection<MetricSample> samples, Duration width) {
        long w = width.toMillis();
        Map<Long, double[]> hours = new TreeMap<>();
        for (MetricSample m : samples) {
            if (m.getShadow()) {
                continue;
            }
            long start = Math.floorDiv(m.getEnvelope().getOccurredAt().toEpochMilli(), w) * w;
            double h = m.getIntervalMillis() / 3_600_000.0;
            double[] b = hours.computeIfAbsent(start, k -> new double[2]);
            b[0] += h * m.getSpotPercent() / 100.0;
            b[1] += h * (100 - m.getSpotPercent()) / 100.0;
        }
        List<HoursBucket> out = new ArrayList<>();
        hours.forEach((start, b) -> out.add(new HoursBucket(Instant.ofEpochMilli(start), b[0], b[1])));
        return out;
    }
}
