package dev.spotshift.cloud;

import java.time.Clock;
import java.util.List;

/** The whole port: one object a service holds. Close it to release HTTP clients (AWS) or emulated state. */
public interface Cloud extends AutoCloseable {

    SpotMarket market();

    CapacityManager capacity();

    CheckpointStore checkpoints();

    MetricsSource metrics();

    NoticeSource notices();

    /** The clock of this cloud: the system clock on AWS, the controllable clock of a simulation. */
    Clock clock();

    /**
     * The circuit breakers around this cloud's calls, one per region and operation that has been called, so a
     * service can expose them as gauges. A cloud without breakers (the simulation) has none.
     */
    default List<BreakerSnapshot> breakers() {
        return List.of();
    }

    /** "aws" or "simulated". */
    String kind();

    @Override
    void close();
}
