package io.sayline.rtp.dtmf;

import io.netty.buffer.ByteBuf;
import io.sayline.rtp.MediaFrame;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns RFC 4733 telephone-event packets into one {@link DtmfListener#onDigit} per key press.
 *
 * <p>All packets of one event carry the event's start timestamp (RFC 4733 §2.5.1.1), so the timestamp is
 * the event's identity: the marker bit is not needed (a lost first packet changes nothing), the end packet
 * that is sent three times (§2.5.1.4) is reported once, and later packets with an already reported
 * timestamp are counted as duplicates. If every end packet is lost, the event is reported when the next
 * event begins or when no packet has arrived for {@link #LOST_END_TIMEOUT_NANOS} ({@link #expire}), with
 * the last duration seen.
 *
 * <p>Not thread-safe: runs on the call loop.
 */
public final class DtmfReceiver {
    /** Silence after which an event whose end packets were all lost is reported anyway. */
    public static final long LOST_END_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final DtmfListener listener;

    // guarded by call loop
    private boolean active;
    private int activeTimestamp;
    private int activeEvent;
    private int activeDuration;
    private long lastPacketNanos;
    private boolean reportedAny;
    private int reportedTimestamp;

    private long digits;
    private long duplicates;
    private long malformed;
    private long nonDtmfEvents;

    public DtmfReceiver(DtmfListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * One telephone-event packet: its RTP timestamp and payload (not consumed). Returns false when the
     * payload is malformed (counted).
     */
    public boolean onPacket(int rtpTimestamp, ByteBuf payload, long nowNanos) {
        if (payload.readableBytes() < TelephoneEvent.LENGTH) {
            malformed++;
            return false;
        }
        int base = payload.readerIndex();
        int event = payload.getUnsignedByte(base + TelephoneEvent.OFFSET_EVENT);
        boolean end = (payload.getUnsignedByte(base + TelephoneEvent.OFFSET_FLAGS) & TelephoneEvent.END_MASK) != 0;
        int duration = payload.getUnsignedShort(base + TelephoneEvent.OFFSET_DURATION);
        if (TelephoneEvent.digitOf(event) == 0) {
            nonDtmfEvents++;
            return true;
        }
        if (reportedAny && rtpTimestamp == reportedTimestamp) {
            duplicates++;
            return true;
        }
        if (active && rtpTimestamp != activeTimestamp) {
            report(); // its end packets were lost and a new key press began
        }
        if (!active) {
            active = true;
            activeTimestamp = rtpTimestamp;
            activeEvent = event;
            activeDuration = 0;
        }
        activeDuration = Math.max(activeDuration, duration);
        lastPacketNanos = nowNanos;
        if (end) {
            report();
        }
        return true;
    }

    /** Call periodically (each tick): reports an event whose end packets never came. */
    public void expire(long nowNanos) {
        if (active && nowNanos - lastPacketNanos >= LOST_END_TIMEOUT_NANOS) {
            report();
        }
    }

    private void report() {
        active = false;
        reportedAny = true;
        reportedTimestamp = activeTimestamp;
        digits++;
        listener.onDigit(TelephoneEvent.digitOf(activeEvent), activeDuration / MediaFrame.SAMPLES_PER_MS);
    }

    /** Key presses reported. */
    public long digits() {
        return digits;
    }

    /** Packets of an already reported event (retransmitted ends, late packets). */
    public long duplicates() {
        return duplicates;
    }

    /** Payloads shorter than 4 bytes. */
    public long malformed() {
        return malformed;
    }

    /** Events other than the 16 DTMF keys (flash, tones), ignored. */
    public long nonDtmfEvents() {
        return nonDtmfEvents;
    }
}
