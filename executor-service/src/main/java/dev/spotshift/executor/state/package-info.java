/**
 * What the executor's state stores hold, in the one state format: each domain value as its Avro state record (read
 * with the writer's schema, under the evolution check) and the readers of what 0.1.x stored. Kept apart from the
 * stream's wiring in {@code streams/}: it is what a restore after a deploy must still read, and changes on its own
 * schedule (a state schema release), not with the topology.
 */
package dev.spotshift.executor.state;
