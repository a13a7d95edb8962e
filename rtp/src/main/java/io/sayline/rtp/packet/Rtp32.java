package io.sayline.rtp.packet;

/**
 * Arithmetic on 32-bit RTP timestamps, which wrap from 2^32−1 to 0 (RFC 3550 §5.1). Values are carried
 * as the raw 32 bits in a Java {@code int}; {@link #unsigned(int)} gives the wire value. This is the only
 * place that compares or subtracts timestamps.
 */
public final class Rtp32 {
    private static final long MASK = 0xFFFF_FFFFL;

    private Rtp32() {
    }

    /** {@code ts + delta} with wrap-around (two's complement addition is exactly mod 2^32). */
    public static int add(int ts, int delta) {
        return ts + delta;
    }

    /** The signed distance {@code a − b} the short way round, in −2^31..2^31−1. */
    public static int diff(int a, int b) {
        return a - b;
    }

    /** True when {@code a} comes after {@code b}. */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }

    /** The wire value 0..2^32−1. */
    public static long unsigned(int ts) {
        return ts & MASK;
    }
}
