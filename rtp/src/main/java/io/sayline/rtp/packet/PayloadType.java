package io.sayline.rtp.packet;

/**
 * An RTP payload type number (7 bits). Static assignments come from RFC 3551 §6 Table 4; 96..127 are
 * dynamic and named by SDP. Unknown numbers are tolerated: {@code PayloadType.of(101)} is a valid value
 * named {@code "dynamic-101"}; out-of-range numbers are a programming error.
 *
 * @param number 0..127
 * @param name   the RFC 3551 encoding name, or a descriptive placeholder
 */
public record PayloadType(int number, String name) {
    /** Largest payload type number: the field is 7 bits wide. */
    public static final int MAX = 127;
    /** First dynamic payload type (RFC 3551 §3). */
    public static final int FIRST_DYNAMIC = 96;

    private static final PayloadType[] ALL = new PayloadType[MAX + 1];

    public static final PayloadType PCMU = register(0, "PCMU");
    public static final PayloadType GSM = register(3, "GSM");
    public static final PayloadType G723 = register(4, "G723");
    public static final PayloadType PCMA = register(8, "PCMA");
    public static final PayloadType G722 = register(9, "G722");
    /** Comfort noise, RFC 3389. */
    public static final PayloadType CN = register(13, "CN");
    public static final PayloadType G729 = register(18, "G729");

    static {
        for (int i = 0; i <= MAX; i++) {
            if (ALL[i] == null) {
                ALL[i] = new PayloadType(i, i >= FIRST_DYNAMIC ? "dynamic-" + i : "unassigned-" + i);
            }
        }
    }

    public PayloadType {
        if (number < 0 || number > MAX) {
            throw new IllegalArgumentException("payload type must be 0..127, was " + number);
        }
    }

    private static PayloadType register(int number, String name) {
        PayloadType type = new PayloadType(number, name);
        ALL[number] = type;
        return type;
    }

    /** The (cached) payload type for a number 0..127; never allocates. */
    public static PayloadType of(int number) {
        if (number < 0 || number > MAX) {
            throw new IllegalArgumentException("payload type must be 0..127, was " + number);
        }
        return ALL[number];
    }

    /** True for 96..127, whose meaning comes from SDP {@code a=rtpmap}. */
    public boolean isDynamic() {
        return number >= FIRST_DYNAMIC;
    }

    @Override
    public String toString() {
        return name + "(" + number + ")";
    }
}
