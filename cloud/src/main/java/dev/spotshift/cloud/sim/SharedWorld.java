package dev.spotshift.cloud.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spotshift.cloud.CloudException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The simulated fleet and interruption queue kept in a directory, so that every process of one demo (and a
 * process restarted after a crash) acts on one simulated AWS account, as real services share AWS.
 * <p>
 * Each operation runs under a lock that excludes other threads of this JVM and other processes (a file lock):
 * it loads the world file when another writer changed it, runs, and writes the file back (atomically, by
 * rename) when the operation changed anything. Operations nest (a fleet tick sends notices); only the
 * outermost one loads and saves.
 */
final class SharedWorld {

    /** Not shared: operations run directly on the in-memory world. */
    static final SharedWorld NONE = new SharedWorld(null);

    static final String STATE_FILE = "world.json";
    private static final String LOCK_FILE = "world.lock";
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Path dir;
    private final ReentrantLock lock;
    private SimulatedFleet fleet;
    private SimulatedNotices notices;
    private byte[] lastSeen = new byte[0];
    private int depth;

    private SharedWorld(Path dir) {
        this.dir = dir;
        this.lock = dir == null ? null : JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    }

    /** A world kept in {@code directory} (created if missing); the fleet and the queue join it. */
    static SharedWorld in(Path directory, SimulatedFleet fleet, SimulatedNotices notices) {
        Path dir;
        try {
            dir = Files.createDirectories(directory).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the simulated world directory " + directory, e);
        }
        SharedWorld world = new SharedWorld(dir);
        world.fleet = fleet;
        world.notices = notices;
        fleet.joinWorld(world);
        notices.joinWorld(world);
        return world;
    }

    boolean shared() {
        return dir != null;
    }

    Path directory() {
        return dir;
    }

    /** Runs {@code op} on the current shared state; callers hold no lock of the queue (lock order: fleet, world, queue). */
    <T> T run(String operation, Supplier<T> op) {
        if (dir == null) {
            return op.get();
        }
        lock.lock();
        try {
            if (depth > 0) {
                depth++;
                try {
                    return op.get();
                } finally {
                    depth--;
                }
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                load();
                depth = 1;
                try {
                    return op.get();
                } finally {
                    depth = 0;
                    save();
                }
            } catch (IOException e) {
                throw new CloudException(operation, CloudException.Kind.UNAVAILABLE,
                        "the simulated world in " + dir + " cannot be read or written: " + e.getMessage());
            }
        } finally {
            lock.unlock();
        }
    }

    void run(String operation, Runnable op) {
        run(operation, () -> {
            op.run();
            return null;
        });
    }

    private void load() throws IOException {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return; // a new world: what this process set up becomes it at the first save
        }
        byte[] bytes = Files.readAllBytes(file);
        if (Arrays.equals(bytes, lastSeen)) {
            return;
        }
        WorldState state = JSON.readValue(bytes, WorldState.class);
        fleet.restore(state);
        notices.restore(state);
        lastSeen = bytes;
    }

    private void save() throws IOException {
        WorldState state = new WorldState();
        fleet.exportInto(state);
        notices.exportInto(state);
        byte[] bytes = JSON.writeValueAsBytes(state);
        if (Arrays.equals(bytes, lastSeen)) {
            return;
        }
        Path tmp = dir.resolve(STATE_FILE + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, dir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        lastSeen = bytes;
    }
}
