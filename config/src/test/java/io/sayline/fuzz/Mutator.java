package io.sayline.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Damages a valid message the way hostile or broken peers do: a few edits, each flipping a bit, overwriting a
 * byte with one a parser cares about, inserting or deleting bytes, truncating, or repeating a line (a duplicated
 * header). Mutants of valid input get past the first sanity checks that random bytes never pass, so they reach
 * the deep parsing code where escapes hide.
 */
final class Mutator {
    private static final int MAX_EDITS = 6;
    private static final int MAX_RUN = 16;
    /** Delimiters, line ends, quotes, signs and extremes: the bytes that steer text and binary parsers. */
    private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '\r', '\n', ' ', '\t', ':', ';',
        ',', '=', '/', '"', '\\', '<', '>', '{', '}', '[', ']', '-', '0', '9', '%', '@'};

    private Mutator() {
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed.clone();
        int edits = 1 + random.nextInt(MAX_EDITS);
        for (int i = 0; i < edits; i++) {
            bytes = edit(bytes, random);
        }
        return bytes;
    }

    private static byte[] edit(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return new byte[] {interesting(random)};
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(7)) {
            case 0 -> {
                bytes[at] ^= (byte) (1 << random.nextInt(Byte.SIZE));
                yield bytes;
            }
            case 1 -> {
                bytes[at] = interesting(random);
                yield bytes;
            }
            case 2 -> splice(bytes, at, 0, run(random));
            case 3 -> splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(MAX_RUN)), new byte[0]);
            case 4 -> Arrays.copyOf(bytes, at);
            case 5 -> repeatLine(bytes, at);
            default -> splice(bytes, at, 0, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + MAX_RUN)));
        };
    }

    private static byte interesting(Random random) {
        return INTERESTING[random.nextInt(INTERESTING.length)];
    }

    private static byte[] run(Random random) {
        byte[] run = new byte[1 + random.nextInt(MAX_RUN)];
        for (int i = 0; i < run.length; i++) {
            run[i] = random.nextBoolean() ? interesting(random) : (byte) random.nextInt(256);
        }
        return run;
    }

    /** The line holding {@code at} twice in a row: a duplicated header, SDP line or JSON line. */
    private static byte[] repeatLine(byte[] bytes, int at) {
        int start = at;
        while (start > 0 && bytes[start - 1] != '\n') {
            start--;
        }
        int end = at;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        end = Math.min(bytes.length, end + 1);
        return splice(bytes, end, 0, Arrays.copyOfRange(bytes, start, end));
    }

    private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, at);
        out.write(inserted, 0, inserted.length);
        out.write(bytes, at + removed, bytes.length - at - removed);
        return out.toByteArray();
    }
}
