package dev.qmp4j.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/** Byte-level families, on the rendered messages of one phase (one part each). */
final class ByteMutation {
    private final SplittableRandom random;

    ByteMutation(SplittableRandom random) {
        this.random = random;
    }

    /** One to three pieces of garbage between (or before, or after) messages. */
    void insertGarbage(List<byte[]> parts) {
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            parts.add(random.nextInt(parts.size() + 1), HostileValues.garbage(random));
        }
    }

    /** A whole message twice, or a byte range of the phase twice. */
    void duplicate(List<byte[]> parts) {
        if (parts.isEmpty()) {
            return;
        }
        if (random.nextBoolean()) {
            int i = random.nextInt(parts.size());
            parts.add(i, parts.get(i));
            return;
        }
        byte[] all = concat(parts);
        if (all.length == 0) {
            return;
        }
        int from = random.nextInt(all.length);
        int to = from + 1 + random.nextInt(Math.min(all.length - from, 256));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(all, 0, to);
        out.write(all, from, all.length - from);
        parts.clear();
        parts.add(out.toByteArray());
    }

    /** {@code bytes} at a random place of the phase, between tokens or inside one. */
    void insert(List<byte[]> parts, byte[] bytes) {
        byte[] all = concat(parts);
        int at = random.nextInt(all.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(all, 0, at);
        out.writeBytes(bytes);
        out.write(all, at, all.length - at);
        parts.clear();
        parts.add(out.toByteArray());
    }

    /** XORs one to eight bytes with random non-zero values. */
    void flip(byte[] all) {
        if (all.length == 0) {
            return;
        }
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            all[random.nextInt(all.length)] ^= (byte) (1 + random.nextInt(255));
        }
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
