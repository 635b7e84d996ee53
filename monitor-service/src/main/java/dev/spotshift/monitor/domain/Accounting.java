package dev.spotshift.monitor.domain;

/**
 * A plan's running cost account from its non-shadow samples: how long its capacity ran on spot and on-demand,
 * what it cost against the on-demand price of the same capacity, and the jobs it did for that money.
 * Hours are capacity-hours of the whole group (an hour at 25 % spot adds 0.25 h spot and 0.75 h on-demand).
 */
public record Accounting(long spotMillis, long onDemandMillis, long costMicros, long onDemandCostMicros,
                         long jobsCompleted, long jobsFailed) {

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    public static Accounting none() {
        return new Accounting(0, 0, 0, 0, 0, 0);
    }

    public Accounting add(Sample s) {
        long spot = s.intervalMillis() * s.spotPercent() / 100;
        return new Accounting(spotMillis + spot, onDemandMillis + s.intervalMillis() - spot,
                costMicros + s.costMicros(), onDemandCostMicros + s.onDemandCostMicros(),
                jobsCompleted + s.jobsCompleted(), jobsFailed + s.jobsFailed());
    }

    public long savingsMicros() {
        return onDemandCostMicros - costMicros;
    }

    public double savingsPercent() {
        return onDemandCostMicros == 0 ? 0.0 : 100.0 * savingsMicros() / onDemandCostMicros;
    }

    public double spotHours() {
        return spotMillis / MILLIS_PER_HOUR;
    }

    public double onDemandHours() {
        return onDemandMillis / MILLIS_PER_HOUR;
    }

    /** Null before the first completed job. */
    public Long costPerJobMicros() {
        return jobsCompleted == 0 ? null : costMicros / jobsCompleted;
    }

    /** 100 x cost per job / the baseline's; null while either is unknown. */
    public Double costPerJobPercentOf(BaselineFigures baseline) {
        Long perJob = costPerJobMicros();
        if (perJob == null || baseline == null || baseline.costPerJobMicros() <= 0) {
            return null;
        }
        return 100.0 * perJob / baseline.costPerJobMicros();
    }
}
