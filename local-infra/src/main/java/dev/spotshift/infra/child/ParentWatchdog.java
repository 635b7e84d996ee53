package dev.spotshift.infra.child;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * First main of every child JVM that local-infra launches (Kafka broker, Apicurio Registry).
 * It makes the child die with the JVM that launched it, even when that JVM is killed with
 * SIGKILL and no shutdown hook runs, then hands over to the real main class.
 *
 * <p>Two independent signals, both on by default:
 * <ul>
 *   <li>the parent process (the launcher's pid, passed as {@code -Dspotshift.watchdog.parent-pid=<pid>})
 *       is no longer alive, or this process has been re-parented — checked at start-up and then every
 *       {@value #POLL_MILLIS} ms; off with {@code -Dspotshift.watchdog.parent=false};</li>
 *   <li>end of file on standard input: the launcher keeps a pipe to the child's stdin open for
 *       its whole life, and the kernel closes it when the launcher dies; off with
 *       {@code -Dspotshift.watchdog.stdin=false}.</li>
 * </ul>
 * When either fires, the child deletes the directory named by
 * {@code -Dspotshift.watchdog.delete-on-orphan=<dir>} (its temp data: no one else is left to do it)
 * and halts at once.
 *
 * <p>Usage: {@code java -cp <this class + the real class path> dev.spotshift.infra.child.ParentWatchdog
 * <main-class> [args...]}.
 *
 * <p>This class must stay free of dependencies and of nested classes: local-infra copies its
 * class file next to the child's own class path.
 */
public final class ParentWatchdog {

    public static final String WATCH_PARENT = "spotshift.watchdog.parent";
    public static final String WATCH_STDIN = "spotshift.watchdog.stdin";
    public static final String DELETE_ON_ORPHAN = "spotshift.watchdog.delete-on-orphan";
    /** The launcher's pid; without it the watchdog takes its parent at start-up, which may already be init. */
    public static final String PARENT_PID = "spotshift.watchdog.parent-pid";
    static final long POLL_MILLIS = 250;
    /** Exit status of a child that stops because its parent is gone (128 + SIGKILL, as a shell reports it). */
    public static final int ORPHAN_EXIT_STATUS = 137;

    private ParentWatchdog() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: ParentWatchdog <main-class> [args...]");
            System.exit(2);
        }
        if (!"false".equalsIgnoreCase(System.getProperty(WATCH_PARENT))) {
            watchParent();
        }
        if (!"false".equalsIgnoreCase(System.getProperty(WATCH_STDIN))) {
            watchStdin();
        }
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchParent() {
        long parentPid = expectedParentPid();
        if (currentParentPid() != parentPid) {
            // the launcher died (and this process was re-parented) before this JVM got here
            orphaned("parent process " + parentPid + " is already gone");
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            orphaned("parent process " + parentPid + " is already gone");
        }
        ProcessHandle p = parent.get();
        Thread t = new Thread(() -> {
            // A dead parent may linger as a zombie (and look alive) until its own parent reaps it,
            // but this process is re-parented the moment the parent dies: watch both.
            while (p.isAlive() && currentParentPid() == parentPid) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            orphaned("parent process " + parentPid + " exited");
        }, "spotshift-watchdog-parent");
        t.setDaemon(true);
        t.start();
    }

    /** The launcher's pid as it passed it ({@value #PARENT_PID}), else this process's parent now. */
    private static long expectedParentPid() {
        String given = System.getProperty(PARENT_PID);
        if (given != null && !given.isBlank()) {
            try {
                return Long.parseLong(given.trim());
            } catch (NumberFormatException e) {
                System.err.println("[spotshift-watchdog] ignoring bad -D" + PARENT_PID + "=" + given);
            }
        }
        return currentParentPid();
    }

    private static long currentParentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    private static void watchStdin() {
        InputStream in = System.in;
        Thread t = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // the launcher never writes; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as end of file
            }
            orphaned("standard input closed (launcher gone)");
        }, "spotshift-watchdog-stdin");
        t.setDaemon(true);
        t.start();
    }

    private static void orphaned(String why) {
        try {
            System.err.println("[spotshift-watchdog] " + why + "; stopping this child process now");
            String dir = System.getProperty(DELETE_ON_ORPHAN);
            if (dir != null && !dir.isBlank()) {
                deleteTree(Paths.get(dir));
            }
        } catch (Throwable ignored) {
            // halting matters more than tidying up
        } finally {
            Runtime.getRuntime().halt(ORPHAN_EXIT_STATUS);
        }
    }

    /** Deletes a directory tree, skipping what cannot be deleted. Lambdas only: no nested class files. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        }
    }
}
