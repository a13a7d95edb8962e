package io.sayline.core.tts.elevenlabs;

import io.sayline.core.tts.Alignment;
import io.sayline.core.tts.AlignmentShift;
import io.sayline.core.tts.AudioDuration;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.rtp.transcode.AudioFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener side of one utterance: delivers in order, at most one terminal event, nothing after
 * {@link #cancel()} returns (every delivery holds this object's lock, and so does cancel). Shifts the
 * vendor's chunk-relative alignment onto the utterance's audio clock (docs/elevenlabs.md, "Alignment": times count from
 * the start of the chunk), counting the audio delivered before the chunk.
 */
final class UtteranceOutput {
    private static final Logger LOG = LoggerFactory.getLogger(UtteranceOutput.class);

    private final String utteranceId;
    private final TtsListener listener;
    private final AudioFormat format;
    // guarded by this
    private boolean requestSent;
    private boolean terminal;
    private long audioBytes;

    UtteranceOutput(String utteranceId, TtsListener listener, AudioFormat format) {
        this.utteranceId = utteranceId;
        this.listener = listener;
        this.format = format;
    }

    String utteranceId() {
        return utteranceId;
    }

    synchronized void requestSent() {
        if (terminal || requestSent) {
            return;
        }
        requestSent = true;
        call(() -> listener.onRequestSent());
    }

    /** Delivers a chunk and its chunk-relative alignment (or null); false once the utterance is over. */
    synchronized boolean audio(byte[] chunk, Alignment chunkAlignment) {
        if (terminal) {
            return false;
        }
        long offsetMs = AudioDuration.millis(format, audioBytes);
        if (chunk.length > 0) {
            audioBytes += chunk.length;
            call(() -> listener.onAudio(chunk));
        }
        if (chunkAlignment != null && !chunkAlignment.chars().isEmpty()) {
            Alignment shifted = AlignmentShift.shift(chunkAlignment, offsetMs);
            call(() -> listener.onAlignment(shifted));
        }
        return true;
    }

    synchronized boolean audioSeen() {
        return audioBytes > 0;
    }

    synchronized boolean isTerminal() {
        return terminal;
    }

    synchronized void end() {
        if (terminal) {
            return;
        }
        terminal = true;
        call(listener::onEnd);
    }

    synchronized void error(TtsError error) {
        if (terminal) {
            return;
        }
        terminal = true;
        LOG.info("tts utterance {} failed: {} {}", utteranceId, error.code(), error.message());
        call(() -> listener.onError(error));
    }

    /** After this returns no callback arrives; returns whether the utterance was still running. */
    synchronized boolean cancel() {
        boolean wasRunning = !terminal;
        terminal = true;
        return wasRunning;
    }

    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            // A listener bug must not break the vendor's I/O loop; the call loop owns the consequences.
            LOG.warn("tts listener of utterance {} threw", utteranceId, e);
        }
    }
}
