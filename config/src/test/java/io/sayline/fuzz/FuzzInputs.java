package io.sayline.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The two kinds of input every fuzz target gets: arbitrary bytes, and mutants of valid messages. */
public final class FuzzInputs {
    /** Larger than any SIP datagram Sayline accepts (16 KiB) is pointless; a few KiB reach every code path. */
    private static final int MAX_RANDOM_BYTES = 4096;

    private FuzzInputs() {
    }

    /** Arbitrary bytes, empty included. */
    public static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX_RANDOM_BYTES);
    }

    /** Each of the valid seeds, damaged by a few edits ({@link Mutator}). */
    public static Arbitrary<byte[]> mutantsOf(List<byte[]> seeds) {
        return Arbitraries.of(seeds).flatMap(seed -> Arbitraries.randomValue(random -> Mutator.mutate(seed, random)));
    }

    /** Mutants of valid text messages, edited as bytes and read back as ISO-8859-1 so no octet is lost. */
    public static Arbitrary<byte[]> mutantsOfText(String... seeds) {
        return mutantsOf(Arrays.stream(seeds).map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toList());
    }

    /** Arbitrary text: any chars, unpaired surrogates and controls included. */
    public static Arbitrary<String> strings() {
        return Arbitraries.strings().ofMaxLength(MAX_RANDOM_BYTES);
    }
}
