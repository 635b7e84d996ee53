package dev.spotshift.cloud;

import java.util.List;

/** One receive: the notices parsed and the messages that could not be. */
public record NoticeBatch(List<ReceivedNotice> notices, List<MalformedNotice> malformed) {
    public NoticeBatch {
        notices = List.copyOf(notices);
        malformed = List.copyOf(malformed);
    }

    public boolean isEmpty() {
        return notices.isEmpty() && malformed.isEmpty();
    }
}
