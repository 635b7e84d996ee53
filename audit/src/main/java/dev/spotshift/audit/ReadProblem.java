package dev.spotshift.audit;

/** A record that could not be read back (no longer decodes with the current schemas); the replay went on. */
public record ReadProblem(String topic, int partition, long offset, String message) {

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset + ": " + message;
    }
}
