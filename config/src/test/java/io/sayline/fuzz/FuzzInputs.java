package io.sayline.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The two kinds of input every fuzz target gets: arbitrary bytes, and mutants of valid messages. */
public final class FuzzInputs {
    /** Larger than any SIP datagram Sayline accepts (16 KiB) is pointless; a few KiB reach every code path. */
    private static final int MAX_RANDOM_BYTES = 4096;

    private FuzzInputs() {
    }

    /** Draws one input from the fuzz run's random source. */
    @FunctionalInterface
    public interface Gen<T> {
        T next(Random random);
    }

    /** Arbitrary bytes, empty included; short inputs are as likely as long ones (edge cases live there). */
    public static Gen<byte[]> bytes() {
        return random -> {
            byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 64 : MAX_RANDOM_BYTES + 1)];
            random.nextBytes(bytes);
            return bytes;
        };
    }

    /** Each of the valid seeds, damaged by a few edits ({@link Mutator}). */
    public static Gen<byte[]> mutantsOf(List<byte[]> seeds) {
        return random -> Mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
    }

    /** Mutants of valid text messages, edited as bytes and read back as ISO-8859-1 so no octet is lost. */
    public static Gen<byte[]> mutantsOfText(String... seeds) {
        return mutantsOf(Arrays.stream(seeds).map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toList());
    }

    /** Arbitrary text: any chars, unpaired surrogates and controls included. */
    public static Gen<String> strings() {
        return random -> {
            char[] chars = new char[random.nextInt(random.nextBoolean() ? 64 : MAX_RANDOM_BYTES + 1)];
            for (int i = 0; i < chars.length; i++) {
                // Half ASCII (what a JSON parser mostly sees), half anywhere in the char range.
                chars[i] = (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(Character.MAX_VALUE + 1));
            }
            return new String(chars);
        };
    }
}
