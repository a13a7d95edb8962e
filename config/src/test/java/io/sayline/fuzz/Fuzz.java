package io.sayline.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/**
 * Runs a fuzz property as CI runs it (issue #11): {@link #TRIES} inputs from a fixed seed, so every run tries the
 * same inputs and a failure reproduces anywhere; a failure names the try and the input.
 *
 * <p>Property-based testing without a library: jqwik, the usual engine, states in its own jar that AI agents
 * (which develop Sayline) must not use it, and that condition is honoured. Generating inputs and damaging valid
 * messages ({@link FuzzInputs}, {@link Mutator}) is most of what such an engine would do here; shrinking a failing
 * input is the part left out.
 */
public final class Fuzz {
    public static final int TRIES = 10_000;
    /** Any fixed value does; this one names the torture-test RFC. */
    public static final long SEED = 4475;

    private Fuzz() {
    }

    /** A property of one input: returns normally when it holds, throws when it does not. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    /** Checks {@code property} on {@link #TRIES} inputs drawn from {@code inputs}. */
    public static <T> void forAll(FuzzInputs.Gen<T> inputs, Property<T> property) {
        Random random = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            T input = inputs.next(random);
            try {
                property.check(input);
            } catch (Exception | AssertionError e) {
                throw new AssertionError("try " + i + " of seed " + SEED + " failed on " + describe(input), e);
            }
        }
    }

    private static String describe(Object input) {
        if (input instanceof byte[] bytes) {
            return bytes.length + " bytes: " + HexFormat.of().formatHex(bytes) + " (\""
                    + new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n") + "\")";
        }
        return String.valueOf(input);
    }
}
