package io.sayline.core.speech;

import io.sayline.core.tts.Alignment;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.transcode.AudioFormat;
import io.sayline.rtp.transcode.Transcoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor-thread half of an utterance: transcodes each audio chunk to 160-byte G.711 frames right
 * where it arrives (decoding stays off the pacing loops, docs/dependencies.md, "Netty") and hands each
 * batch of frames to the call loop. One vendor thread at a time calls it (TtsListener contract).
 */
final class VendorStream implements TtsListener {
    private static final Logger LOG = LoggerFactory.getLogger(VendorStream.class);
    /**
     * Audio one utterance may bring: five minutes, far beyond any sentence a bot says. A vendor (or a bot's runaway
     * text) past it would otherwise grow the call's held frames without bound: the rest is dropped and counted,
     * the bot is told ({@code tts.error} {@code audio_limit}) and what came plays.
     */
    static final int MAX_FRAMES = (int) (TimeUnit.MINUTES.toMillis(5) / MediaFrame.MS);
    /** Time one utterance's stream may run, twice its audio limit: past it, the same ({@code time_limit}). */
    static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(10);
    private final Speaker speaker;
    private final SpokenUtterance utterance;
    private final Executor callLoop;
    private final G711Codec codec;
    private final LongSupplier nanoClock;
    private final SpeechCounters counters;
    private AudioFormat format;
    private Transcoder transcoder; // made on the vendor's thread at the first chunk: building one is DSP work
    private List<byte[]> batch = new ArrayList<>();
    private boolean firstByteSeen;
    private final long startNanos;
    private int frames;
    private boolean overLimit;

    VendorStream(Speaker speaker, SpokenUtterance utterance, Executor callLoop, AudioFormat format,
            G711Codec codec, LongSupplier nanoClock, SpeechCounters counters) {
        this.speaker = speaker;
        this.utterance = utterance;
        this.callLoop = callLoop;
        this.codec = codec;
        this.nanoClock = nanoClock;
        this.counters = counters;
        this.format = format;
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void onRequestSent() {
        long now = nanoClock.getAsLong();
        onLoop(() -> speaker.requestSent(utterance, now));
    }

    @Override
    public void onAudio(byte[] chunk) {
        if (!overLimit && nanoClock.getAsLong() - startNanos > MAX_NANOS) {
            stopAtLimit("time_limit", "the utterance's stream ran past " + TimeUnit.NANOSECONDS.toMinutes(MAX_NANOS)
                    + " minutes");
        }
        if (!firstByteSeen) {
            firstByteSeen = true;
            long now = nanoClock.getAsLong();
            onLoop(() -> speaker.firstByte(utterance, now));
        }
        transcoder().write(chunk, 0, chunk.length);
        handOver();
    }

    @Override
    public void onAlignment(Alignment alignment) {
        onLoop(() -> utterance.alignments.add(alignment));
    }

    @Override
    public void onFormatChange(AudioFormat format) {
        // The fallback vendor may speak another format: finish the old decoder's tail first.
        endTranscoder();
        this.format = format;
    }

    @Override
    public void onFallback(TtsError error, String fallbackVendor) {
        onLoop(() -> speaker.vendorFellBack(utterance, error, fallbackVendor));
    }

    @Override
    public void onEnd() {
        endTranscoder();
        handOver();
        if (!overLimit) {
            onLoop(() -> speaker.vendorEnded(utterance));
        }
    }

    @Override
    public void onError(TtsError error) {
        endTranscoder();
        handOver();
        if (!overLimit) {
            onLoop(() -> speaker.vendorFailed(utterance, error));
        }
    }

    /** Ends the utterance's audio here: what came is handed over and plays, the rest is dropped and counted. */
    private void stopAtLimit(String code, String why) {
        overLimit = true;
        handOver();
        TtsError error = new TtsError(code, why, false);
        onLoop(() -> speaker.vendorFailed(utterance, error));
    }

    /**
     * Hands work to the call loop. A loop that refuses (the server is shutting down) has no call left
     * to give it to, so the work is dropped rather than thrown into the vendor's thread.
     */
    private void onLoop(Runnable work) {
        try {
            callLoop.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.debug("call loop gone, {} output dropped", utterance);
        }
    }

    private Transcoder transcoder() {
        if (transcoder == null) {
            transcoder = Transcoder.create(format, codec, this::collect);
        }
        return transcoder;
    }

    private void endTranscoder() {
        if (transcoder != null) {
            transcoder.end();
            counters.decodeErrors.add(transcoder.decodeErrors());
            transcoder = null;
        }
    }

    private void collect(byte[] frame) {
        if (!overLimit && ++frames > MAX_FRAMES) {
            stopAtLimit("audio_limit", "the utterance brought more than " + MAX_FRAMES * MediaFrame.MS / 1000
                    + " s of audio");
        }
        if (overLimit) {
            counters.framesOverLimit.increment();
            return;
        }
        batch.add(frame);
    }

    private void handOver() {
        if (batch.isEmpty()) {
            return;
        }
        List<byte[]> frames = batch;
        batch = new ArrayList<>(frames.size());
        onLoop(() -> speaker.framesArrived(utterance, frames));
    }
}
