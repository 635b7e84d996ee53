package dev.spotshift.schemas;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import dev.spotshift.schemas.access.Principal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic of the event contract: its name, how it is laid out on the broker, and the types on it.
 * Every key is the planId (a string), so one migration's events stay in order on one partition.
 */
public final class Topic<V extends SpecificRecord> {

    public enum Cleanup { DELETE, COMPACT }

    /**
     * What a new value schema must keep, so the order of an upgrade is safe. The name is the registry's rule config.
     * A topic's rule binds the registry (its artifact's COMPATIBILITY rule, set when the schema is registered) and
     * the evolution check ({@link SchemaCompatibilityCheck}).
     */
    public enum Compatibility {
        /** The new schema reads what the old one wrote: upgrade the readers first, then the writers. */
        BACKWARD(true, false, "readers first, then writers"),
        /**
         * Both ways: the new schema reads the old one's records, and the old one reads the new one's, so either side
         * may go first. A union can only grow in two steps (readers that know the branch first, see CONTRIBUTING).
         */
        FULL(true, true, "either side first; a new union branch reaches every reader before any writer sends it");

        private final boolean newReadsOld;
        private final boolean oldReadsNew;
        private final String upgradeOrder;

        Compatibility(boolean newReadsOld, boolean oldReadsNew, String upgradeOrder) {
            this.newReadsOld = newReadsOld;
            this.oldReadsNew = oldReadsNew;
            this.upgradeOrder = upgradeOrder;
        }

        /** The current schema must read records the released one wrote. */
        public boolean newReadsOld() { return newReadsOld; }

        /** The released schema must read records the current one writes. */
        public boolean oldReadsNew() { return oldReadsNew; }

        public String upgradeOrder() { return upgradeOrder; }
    }

    private final String name;
    private final int partitions;
    private final Cleanup cleanup;
    private final Duration retention;
    private final Class<V> valueType;
    private final Set<Principal> writers;
    private final Set<Principal> readers;
    private final Compatibility compatibility;

    Topic(String name, int partitions, Cleanup cleanup, Duration retention, Class<V> valueType) {
        this(name, partitions, cleanup, retention, valueType, Set.of(), Set.of(), Compatibility.BACKWARD);
    }

    private Topic(String name, int partitions, Cleanup cleanup, Duration retention, Class<V> valueType,
                  Set<Principal> writers, Set<Principal> readers, Compatibility compatibility) {
        this.compatibility = Objects.requireNonNull(compatibility);
        this.writers = Set.copyOf(writers);
        this.readers = Set.copyOf(readers);
        this.name = Objects.requireNonNull(name);
        this.partitions = partitions;
        this.cleanup = Objects.requireNonNull(cleanup);
        this.retention = retention;
        this.valueType = Objects.requireNonNull(valueType);
    }

    /**
     * Declares who writes and who reads this topic: the broker's ACLs, the compose init and the k8s KafkaUsers are
     * generated from it ({@link dev.spotshift.schemas.access.TopicAcls}).
     */
    Topic<V> access(Set<Principal> writers, Set<Principal> readers) {
        return new Topic<>(name, partitions, cleanup, retention, valueType, writers, readers, compatibility);
    }

    /** Declares the rule a new value schema must keep against the released one (BACKWARD unless said). */
    Topic<V> compatibility(Compatibility rule) {
        return new Topic<>(name, partitions, cleanup, retention, valueType, writers, readers, rule);
    }

    public Compatibility compatibility() { return compatibility; }

    /** The registry artifact the catalog's serde registers this topic's value schema under. */
    public String valueArtifactId() { return name + "-value"; }

    /** The principals allowed to produce to this topic. */
    public Set<Principal> writers() { return writers; }

    /** The principals allowed to consume this topic. */
    public Set<Principal> readers() { return readers; }

    public String name() { return name; }
    public int partitions() { return partitions; }
    public Cleanup cleanup() { return cleanup; }
    /** Null means keep forever (compacted state). */
    public Duration retention() { return retention; }
    public Class<V> valueType() { return valueType; }

    /** Broker-side topic configuration, as AdminClient and Strimzi KafkaTopic CRs want it. */
    public Map<String, String> configs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", cleanup == Cleanup.COMPACT ? "compact" : "delete");
        c.put("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
        if (cleanup == Cleanup.COMPACT) {
            // Compact soon enough that a restarted reader sees few stale versions per plan.
            c.put("min.cleanable.dirty.ratio", "0.1");
            c.put("segment.ms", Long.toString(Duration.ofHours(1).toMillis()));
        }
        return c;
    }

    public Serde<String> keySerde() { return Serdes.String(); }

    /** A value serde that registers/fetches the schema in Apicurio Registry (see {@link EventSerdes}). */
    public Serde<V> valueSerde(String registryUrl, boolean isKey) {
        return EventSerdes.avroSerde(registryUrl, isKey);
    }

    public Serde<V> valueSerde(String registryUrl) {
        return valueSerde(registryUrl, false);
    }

    @Override
    public String toString() { return name; }
}
