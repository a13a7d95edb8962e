package io.sayline.rtp.transcode;

import io.sayline.rtp.g711.G711Codec;
import java.util.Objects;

/**
 * Turns one utterance's vendor audio stream into 20 ms G.711 frames for the call: decode → resample
 * to 8 kHz → encode → frame (docs/architecture.md, "Call path"). μ-law into a PCMU call and A-law into
 * a PCMA call pass through byte for byte; every other pair is decoded and re-encoded.
 *
 * <p>Threading: one instance per utterance stream, used by one thread at a time — the vendor's thread
 * (its I/O loop or the embedded engine's pool), never a pacing loop (MP3 decoding costs real CPU). Frames go
 * to the {@link FrameSink} on that same thread, each a fresh array the sink may hand to the call's loop.
 *
 * <p>Chunks may split the stream anywhere; the frames are the same as for the unsplit stream. Bad
 * vendor audio (a corrupt MP3 frame, a truncated sample) is counted in {@link #decodeErrors()} and
 * skipped: {@code write} and {@code end} do not throw on content. Usage:
 *
 * <pre>{@code
 * Transcoder t = Transcoder.create(AudioFormat.parse("pcm_16000"), G711Codec.PCMU,
 *         frame -> call.loop().execute(() -> playout.offer(frame)));
 * t.write(chunk, 0, chunk.length);   // per vendor chunk
 * t.end();                           // once, when the vendor says the utterance is complete
 * }</pre>
 */
public interface Transcoder {

    /**
     * A transcoder for one utterance.
     *
     * @param vendorFormat what the vendor sends (validated at configuration time by {@link AudioFormat#parse})
     * @param callCodec    the call's negotiated codec
     * @param sink         receives every frame, on the writing thread
     */
    static Transcoder create(AudioFormat vendorFormat, G711Codec callCodec, FrameSink sink) {
        Objects.requireNonNull(vendorFormat, "vendorFormat");
        Objects.requireNonNull(callCodec, "callCodec");
        Objects.requireNonNull(sink, "sink");
        FrameAssembler frames = new FrameAssembler(callCodec, sink);
        return switch (vendorFormat.encoding()) {
            case ULAW -> callCodec == G711Codec.PCMU
                    ? new PassthroughTranscoder(frames)
                    : new DecodingTranscoder(new G711StreamDecoder(G711Codec.PCMU), frames);
            case ALAW -> callCodec == G711Codec.PCMA
                    ? new PassthroughTranscoder(frames)
                    : new DecodingTranscoder(new G711StreamDecoder(G711Codec.PCMA), frames);
            case PCM_S16LE -> new DecodingTranscoder(new PcmS16leDecoder(vendorFormat.sampleRate()), frames);
            case MP3 -> new DecodingTranscoder(new Mp3StreamDecoder(), frames);
        };
    }

    /** Feeds the next piece of the vendor stream, any length, split anywhere. */
    void write(byte[] chunk, int off, int len);

    /** The utterance is complete: flush decoder and resampler, pad the last frame with silence, emit it. */
    void end();

    /** Samples decoded so far at the vendor's rate (bytes, for passthrough). */
    long samplesIn();

    /** Frames handed to the sink so far. */
    long framesOut();

    /** Vendor input dropped as undecodable, plus writes after {@link #end()}. */
    long decodeErrors();
}
