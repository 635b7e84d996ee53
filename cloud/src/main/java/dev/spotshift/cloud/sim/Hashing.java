package dev.spotshift.cloud.sim;

import java.nio.charset.StandardCharsets;

/**
 * Stateless randomness: every simulated number is a pure function of (seed, what, when), so the same seed gives
 * the same world whatever order callers ask in, on any JVM (no java.util.Random sequences, no String.hashCode).
 */
final class Hashing {

    private Hashing() {
    }

    static long hash(long seed, Object... parts) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (Object part : parts) {
            for (byte b : String.valueOf(part).getBytes(StandardCharsets.UTF_8)) {
                h ^= b;
                h *= 0x100000001b3L;
            }
            h ^= 0x1f;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** Uniform in [0, 1). */
    static double unit(long seed, Object... parts) {
        return (hash(seed, parts) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
