package io.sayline.rtp;

/**
 * The one frame Sayline sends and paces: G.711 at 8 kHz, one byte per sample, 20 ms per RTP packet
 * ({@code rtp.ptime} accepts only 20; the default packetization of RFC 3551 §4.5.14). Every stage of the speaking path (transcoder, speaker, playout buffer,
 * RTP session, pacer, DTMF, VAD) counts in these units; they are defined here and nowhere else.
 */
public final class MediaFrame {
    /**
     * G.711's sampling rate (ITU-T G.711), which is also the RTP clock rate of PCMU and PCMA and, as the audio it
     * accompanies, of telephone-event (RFC 4733 §2.1).
     */
    public static final int SAMPLE_RATE = 8000;
    public static final int SAMPLES_PER_MS = SAMPLE_RATE / 1000;
    /** Packet duration. */
    public static final int MS = 20;
    public static final long NANOS = MS * 1_000_000L;
    public static final double SECONDS = MS / 1000.0;
    /** Samples per frame: what each packet adds to the RTP timestamp. */
    public static final int SAMPLES = MS * SAMPLES_PER_MS;
    /** Payload bytes per frame: G.711 has one byte per sample. */
    public static final int BYTES = SAMPLES;

    private MediaFrame() {
    }
}
