/**
 * What the coordinator's ballot store holds, in the one state format (an Avro state record read with the writer's
 * schema, under the evolution check), and the reader of what 0.1.x stored. Kept apart from the stream's wiring in
 * {@code streams/}: it is what a restore after a deploy must still read.
 */
package dev.spotshift.coordinator.state;
