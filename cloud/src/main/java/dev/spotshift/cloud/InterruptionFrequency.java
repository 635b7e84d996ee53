package dev.spotshift.cloud;

/** The Spot Instance Advisor's interruption-frequency bands (share of instances interrupted per month). */
public enum InterruptionFrequency {
    UNDER_5(5.0),
    FROM_5_TO_10(10.0),
    FROM_10_TO_15(15.0),
    FROM_15_TO_20(20.0),
    // The advisor gives no upper bound above 20 %; 100 keeps comparisons total.
    OVER_20(100.0);

    private final double upperBoundPercent;

    InterruptionFrequency(double upperBoundPercent) {
        this.upperBoundPercent = upperBoundPercent;
    }

    public double upperBoundPercent() {
        return upperBoundPercent;
    }

    /** The band a monthly interruption percentage falls into. */
    public static InterruptionFrequency ofPercent(double percent) {
        for (InterruptionFrequency band : values()) {
            if (percent < band.upperBoundPercent) {
                return band;
            }
        }
        return OVER_20;
    }
}
