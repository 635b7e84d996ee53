package dev.spotshift.cloud;

import java.time.Clock;

/** The whole port: one object a service holds. Close it to release HTTP clients (AWS) or emulated state. */
public interface Cloud extends AutoCloseable {

    SpotMarket market();

    CapacityManager capacity();

    CheckpointStore checkpoints();

    MetricsSource metrics();

    NoticeSource notices();

    /** The clock of this cloud: the system clock on AWS, the controllable clock of a simulation. */
    Clock clock();

    /** "aws" or "simulated". */
    String kind();

    @Override
    void close();
}
