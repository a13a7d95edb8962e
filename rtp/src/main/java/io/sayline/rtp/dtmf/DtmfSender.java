package io.sayline.rtp.dtmf;

import io.sayline.rtp.MediaFrame;

/**
 * Turns a digit string into RFC 4733 telephone-event packets, one per 20 ms tick of the session's packet
 * clock.
 *
 * <p>Per digit (RFC 4733 §2.5.1): all packets carry the event's start timestamp (the session's RTP
 * timestamp at the first packet); the first has the marker bit; packet {@code i} reports duration
 * {@code (i+1)·160}; the packet that reaches the full duration has the E bit and is sent three times
 * (§2.5.1.4) with the same duration. Then {@code gapMs} of ordinary audio ticks separate digits.
 *
 * <p>Use per tick: {@code Packet p = sender.poll(rtpTimestamp)}; null means "send audio this tick". Not
 * thread-safe: runs on the call loop.
 */
public final class DtmfSender {
    public static final int DEFAULT_DURATION_MS = 100;
    public static final int DEFAULT_GAP_MS = 60;
    /** The end packet is sent this many times (RFC 4733 §2.5.1.4). */
    public static final int END_REPEATS = 3;
    /** Volume field: power level 10 dBm0 below overload, a common default (§2.3.4). */
    public static final int VOLUME = 10;
    /** Most digits waiting at once; more are refused. */
    public static final int MAX_QUEUED_DIGITS = 128;

    /** The reused packet {@link #poll} hands out: valid until the next poll. */
    public static final class Packet {
        private final byte[] payload = new byte[TelephoneEvent.LENGTH];
        private boolean marker;
        private int timestamp;

        public boolean marker() {
            return marker;
        }

        /** The event's start timestamp (raw 32 bits). */
        public int timestamp() {
            return timestamp;
        }

        /** The 4-byte telephone-event payload. */
        public byte[] payload() {
            return payload;
        }
    }

    private final int totalDuration;
    private final int gapTicks;
    private final StringBuilder queue = new StringBuilder();
    private final Packet packet = new Packet();

    // guarded by call loop
    private int event = -1;
    private int eventTimestamp;
    private int packetsSent;
    private int endsSent;
    private int gapLeft;

    public DtmfSender() {
        this(DEFAULT_DURATION_MS, DEFAULT_GAP_MS);
    }

    public DtmfSender(int durationMs, int gapMs) {
        if (durationMs < 40 || durationMs > 5000) {
            throw new IllegalArgumentException("DTMF duration must be 40..5000 ms, was " + durationMs);
        }
        if (gapMs < 0 || gapMs > 5000) {
            throw new IllegalArgumentException("DTMF gap must be 0..5000 ms, was " + gapMs);
        }
        this.totalDuration = (durationMs / MediaFrame.MS) * MediaFrame.SAMPLES;
        this.gapTicks = gapMs / MediaFrame.MS;
    }

    /** True if every character is one of {@code 0-9 * # A-D} (case-insensitive) and the string is not empty. */
    public static boolean isValid(String digits) {
        if (digits == null || digits.isEmpty()) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (TelephoneEvent.eventOf(digits.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Queues digits; false (nothing queued) if they are invalid or the queue would exceed its cap. */
    public boolean enqueue(String digits) {
        if (!isValid(digits) || queue.length() + digits.length() > MAX_QUEUED_DIGITS) {
            return false;
        }
        queue.append(digits);
        return true;
    }

    /** True while a digit is being sent or digits wait to be sent (the gap after the last one does not count). */
    public boolean isBusy() {
        return event >= 0 || queue.length() > 0;
    }

    /** Drops everything queued; an event in progress still gets its end packets so the far end stops the tone. */
    public void cancel() {
        queue.setLength(0);
    }

    /** The packet for this tick, or null when the tick carries audio. */
    public Packet poll(int rtpTimestamp) {
        if (event < 0) {
            if (gapLeft > 0) {
                gapLeft--;
                return null;
            }
            if (queue.length() == 0) {
                return null;
            }
            event = TelephoneEvent.eventOf(queue.charAt(0));
            queue.deleteCharAt(0);
            eventTimestamp = rtpTimestamp;
            packetsSent = 0;
            endsSent = 0;
        }
        int duration = Math.min(totalDuration, (packetsSent + 1) * MediaFrame.SAMPLES);
        boolean end = duration >= totalDuration;
        byte[] p = packet.payload;
        p[TelephoneEvent.OFFSET_EVENT] = (byte) event;
        p[TelephoneEvent.OFFSET_FLAGS] = (byte) ((end ? TelephoneEvent.END_MASK : 0) | VOLUME);
        p[TelephoneEvent.OFFSET_DURATION] = (byte) (duration >>> 8);
        p[TelephoneEvent.OFFSET_DURATION + 1] = (byte) duration;
        packet.marker = packetsSent == 0;
        packet.timestamp = eventTimestamp;
        packetsSent++;
        if (end && ++endsSent == END_REPEATS) {
            event = -1;
            gapLeft = gapTicks;
        }
        return packet;
    }
}
