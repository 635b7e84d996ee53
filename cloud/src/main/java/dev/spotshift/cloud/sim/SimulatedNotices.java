package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.EventBridgeNotices;
import dev.spotshift.cloud.MalformedNotice;
import dev.spotshift.cloud.NoticeBatch;
import dev.spotshift.cloud.NoticeSource;
import dev.spotshift.cloud.ReceivedNotice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory stand-in for the EventBridge rule's SQS queue: raw EventBridge JSON bodies, SQS visibility
 * semantics (a received message hides for the visibility timeout, comes back unless deleted), and the same
 * parser as the AWS source. Never waits: the simulated clock does not move by itself.
 */
public final class SimulatedNotices implements NoticeSource {

    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

    private final Clock clock;
    private final Runnable beforeReceive;
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private long sequence;
    private SharedWorld world = SharedWorld.NONE;

    private static final class Message {
        final String id;
        final String body;
        Instant visibleAt;
        int receives;

        Message(String id, String body, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    SimulatedNotices(Clock clock, Runnable beforeReceive) {
        this.clock = clock;
        this.beforeReceive = beforeReceive;
    }

    /** Puts any body on the queue, as EventBridge (or a broken producer) would. Returns the message id. */
    public String send(String body) {
        // Lock order everywhere: fleet, world, queue.
        return world.run("sqs:SendMessage", () -> {
            synchronized (this) {
                String id = "sim-msg-" + (++sequence);
                messages.put(id, new Message(id, body, clock.instant()));
                return id;
            }
        });
    }

    /** Messages on the queue, visible or not. */
    public int depth() {
        return world.run("sqs:GetQueueAttributes", () -> {
            synchronized (this) {
                return messages.size();
            }
        });
    }

    @Override
    public NoticeBatch receive(int maxMessages, Duration wait) {
        if (maxMessages < 1 || maxMessages > 10) {
            throw new CloudException("sqs:ReceiveMessage", CloudException.Kind.INVALID_REQUEST,
                    "maxMessages must be in 1..10: " + maxMessages);
        }
        // Outside our locks: the fleet's tick may send notices here (lock order: fleet, world, queue).
        beforeReceive.run();
        return world.run("sqs:ReceiveMessage", () -> receiveNow(maxMessages));
    }

    private synchronized NoticeBatch receiveNow(int maxMessages) {
        Instant now = clock.instant();
        List<ReceivedNotice> notices = new ArrayList<>();
        List<MalformedNotice> malformed = new ArrayList<>();
        for (Message m : messages.values()) {
            if (notices.size() + malformed.size() == maxMessages) {
                break;
            }
            if (m.visibleAt.isAfter(now)) {
                continue;
            }
            m.receives++;
            m.visibleAt = now.plus(VISIBILITY_TIMEOUT);
            String receipt = m.id + "#" + m.receives;
            try {
                notices.add(new ReceivedNotice(EventBridgeNotices.parse(m.body), receipt, m.id));
            } catch (EventBridgeNotices.MalformedNoticeException e) {
                malformed.add(new MalformedNotice(m.id, receipt, m.body, e.getMessage()));
            }
        }
        return new NoticeBatch(notices, malformed);
    }

    @Override
    public void delete(String receiptHandle) {
        int hash = receiptHandle == null ? -1 : receiptHandle.lastIndexOf('#');
        if (hash < 0) {
            throw new CloudException("sqs:DeleteMessage", CloudException.Kind.INVALID_REQUEST,
                    "not a receipt handle: " + receiptHandle);
        }
        world.run("sqs:DeleteMessage", () -> deleteNow(receiptHandle, hash));
    }

    private synchronized void deleteNow(String receiptHandle, int hash) {
        // Like SQS: deleting an already deleted message is not an error.
        for (Iterator<Message> it = messages.values().iterator(); it.hasNext(); ) {
            if (it.next().id.equals(receiptHandle.substring(0, hash))) {
                it.remove();
            }
        }
    }

    void joinWorld(SharedWorld shared) {
        this.world = shared;
    }

    /** Called by the world under its lock. */
    synchronized void exportInto(WorldState w) {
        w.noticeSequence = sequence;
        for (Message m : messages.values()) {
            WorldState.Notice f = new WorldState.Notice();
            f.id = m.id;
            f.body = m.body;
            f.visibleAt = m.visibleAt.toString();
            f.receives = m.receives;
            w.notices.add(f);
        }
    }

    /** Replaces this process's queue with the shared one. */
    synchronized void restore(WorldState w) {
        sequence = w.noticeSequence;
        messages.clear();
        for (WorldState.Notice f : w.notices) {
            Message m = new Message(f.id, f.body, Instant.parse(f.visibleAt));
            m.receives = f.receives;
            messages.put(m.id, m);
        }
    }
}
