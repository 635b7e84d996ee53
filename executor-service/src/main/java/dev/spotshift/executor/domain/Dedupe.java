package dev.spotshift.executor.domain;

import java.util.List;

/**
 * What keeps a replay from acting twice: the inputs already applied, the cloud commands whose answer is still
 * awaited, and the sequence that derives every event's and command's id.
 *
 * @param processedIds ids of the inputs applied (the newest {@code Settings.processedIdsKept()})
 * @param awaiting     cloud commands sent and not yet answered (their outcome is applied once, others ignored)
 * @param eventSeq     how many events and commands this plan has issued; seeds deterministic ids
 * @param lastEventId  the id of the latest event published
 */
public record Dedupe(List<String> processedIds, List<String> awaiting, long eventSeq, String lastEventId) {

    /** Nothing applied, awaited or published yet. */
    public static final Dedupe NONE = new Dedupe(List.of(), List.of(), 0, null);

    public Dedupe {
        processedIds = processedIds == null ? List.of() : List.copyOf(processedIds);
        awaiting = awaiting == null ? List.of() : List.copyOf(awaiting);
    }
}
