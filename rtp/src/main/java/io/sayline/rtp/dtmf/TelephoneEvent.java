package io.sayline.rtp.dtmf;

/**
 * The RFC 4733 §2.3 telephone-event payload and the DTMF event codes of §3.2:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Duration is in RTP timestamp units (8 kHz here) from the event's start, which is the packet timestamp.
 */
public final class TelephoneEvent {
    /** Payload length in bytes. */
    public static final int LENGTH = 4;
    static final int OFFSET_EVENT = 0;
    static final int OFFSET_FLAGS = 1;
    static final int OFFSET_DURATION = 2;
    static final int END_MASK = 0x80;
    static final int VOLUME_MASK = 0x3F;
    /** Largest duration the 16-bit field can carry. */
    static final int MAX_DURATION = 0xFFFF;

    private static final String DIGITS = "0123456789*#ABCD";

    private TelephoneEvent() {
    }

    /** The character for a DTMF event code 0..15 ({@code 0-9 * # A-D}), or 0 for other codes. */
    public static char digitOf(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    /** The event code of a DTMF character (case-insensitive for A-D), or -1 if it is not one. */
    public static int eventOf(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }
}
