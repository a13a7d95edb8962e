package io.sayline.core.speech;

import io.sayline.core.control.protocol.Event.InterruptReason;
import io.sayline.core.control.protocol.Interruptible;
import io.sayline.core.tts.Alignment;
import io.sayline.core.tts.TtsSession;
import io.sayline.rtp.MediaFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * One utterance as the call loop tracks it, from the bot's first {@code say} to {@code speech.done}.
 * Every field is guarded by the call loop; vendor threads reach it only through {@link VendorStream}.
 */
final class SpokenUtterance {
    final String id;
    final Interruptible interruptible;
    final boolean preemptible;
    final StringBuilder text = new StringBuilder();
    final List<Alignment> alignments = new ArrayList<>();
    /** Frames produced while an earlier utterance still owns the playout buffer, or the buffer is full. */
    final Queue<byte[]> held = new ArrayDeque<>();

    TtsSession.Utterance vendor;
    boolean lastTextReceived;
    boolean vendorEnded;
    boolean endOffered;
    boolean cancelled;
    /** Text for it was refused at the call's text limit (the bot has been told once). */
    boolean textRefused;
    long framesProduced;
    long framesOffered;
    long framesPlayed;
    InterruptReason interruptReason;
    /** The caller's words that cut it (barge-in by transcript), or null. */
    String interruptTranscript;

    final long sayNanos;
    long requestNanos = -1;
    long firstByteNanos = -1;
    long firstQueuedNanos = -1; // the first frame entered the playout buffer
    long firstRtpNanos = -1;

    SpokenUtterance(String id, Interruptible interruptible, boolean preemptible, long sayNanos) {
        this.id = id;
        this.interruptible = interruptible;
        this.preemptible = preemptible;
        this.sayNanos = sayNanos;
    }

    boolean started() {
        return firstRtpNanos >= 0;
    }

    long playedMs() {
        return framesPlayed * MediaFrame.MS;
    }

    @Override
    public String toString() {
        return "utterance " + id;
    }

    /** Whether the caller may cut this utterance off for {@code reason} (protocol v1 {@code interruptible}). */
    boolean interruptibleBy(InterruptReason reason) {
        return switch (interruptible) {
            case ANY -> true;
            case DTMF -> reason == InterruptReason.DTMF;
            case SPEECH -> reason == InterruptReason.SPEECH;
            case NONE -> false;
        };
    }
}
