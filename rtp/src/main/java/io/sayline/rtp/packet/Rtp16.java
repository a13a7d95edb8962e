package io.sayline.rtp.packet;

/**
 * Arithmetic on 16-bit RTP sequence numbers, which wrap from 65535 to 0 (RFC 3550 §5.1, Appendix A.1).
 * This is the only place that compares or subtracts sequence numbers; nobody else uses {@code <} on them.
 * Values are carried as {@code int} in 0..65535.
 */
public final class Rtp16 {
    /** Number of distinct sequence numbers. */
    public static final int MODULUS = 1 << 16;
    private static final int MASK = MODULUS - 1;
    private static final int HALF = MODULUS / 2;

    private Rtp16() {
    }

    /** {@code seq + 1} with wrap-around. */
    public static int next(int seq) {
        return (seq + 1) & MASK;
    }

    /** {@code seq + delta} with wrap-around; delta may be negative. */
    public static int add(int seq, int delta) {
        return (seq + delta) & MASK;
    }

    /**
     * The signed distance {@code a − b} taken the short way round the circle, in -32768..32767:
     * {@code diff(0, 65535) == 1}, {@code diff(65535, 0) == -1}.
     */
    public static int diff(int a, int b) {
        int d = (a - b) & MASK;
        return d >= HALF ? d - MODULUS : d;
    }

    /** True when {@code a} comes after {@code b} (less than half the circle ahead). */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }
}
