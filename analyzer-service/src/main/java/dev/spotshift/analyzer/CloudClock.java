package dev.spotshift.analyzer;

import dev.spotshift.cloud.Cloud;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The analyzer runs on the cloud's clock, so a simulated world can move time for the whole analyzer. */
public class CloudClock {

    @Produces
    @Singleton
    Clock clock(Cloud cloud) {
        return cloud.clock();
    }
}
