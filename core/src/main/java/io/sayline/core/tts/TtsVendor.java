package io.sayline.core.tts;

import io.sayline.rtp.transcode.AudioFormat;

/**
 * A text-to-speech engine: the embedded one, or a streaming vendor such as ElevenLabs.
 *
 * <p>One instance per configured {@code tts:} block, shared by every call that uses it. Per call, a
 * {@link TtsSession} holds whatever the vendor keeps warm between utterances (a WebSocket opened when
 * the call is answered, so the first {@code say} does not pay for the handshake).
 *
 * <p>Threading: every method may be called from any thread; implementations never block the caller
 * (network and synthesis run on their own threads). Listener callbacks arrive on vendor threads; the
 * caller hands them to the call's event loop.
 */
public interface TtsVendor extends AutoCloseable {

    /** The configured name of this vendor ({@code tts.<name>}). */
    String name();

    /** What {@link TtsListener#onAudio} delivers. Fixed for the vendor's lifetime. */
    AudioFormat outputFormat();

    /** Opens the per-call session. Cheap; any connection it warms up is made in the background. */
    TtsSession openSession(TtsSessionContext context);

    /** Releases pools, sockets and threads. */
    @Override
    void close();
}
