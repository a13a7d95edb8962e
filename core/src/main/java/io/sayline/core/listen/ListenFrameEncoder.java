package io.sayline.core.listen;

import io.netty.buffer.ByteBuf;
import io.sayline.core.control.protocol.Command.Listen;
import io.sayline.core.control.protocol.Command.Listen.AudioFormat;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.resample.Resampler;
import java.util.Objects;

/**
 * One caller frame → one binary frame of protocol v1.1 {@code listen} (docs/protocol.md, "Caller audio
 * frames"): a 12-byte big-endian header, then 20 ms of audio.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     sequence (from 0, +1 per frame)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                position on the caller timeline, ms            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       flags (bit 0: lost)     |         reserved (0)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  payload: ulaw 160 bytes | l16 8 kHz 320 bytes | l16 16 kHz 640 bytes (little-endian)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@code ulaw} from a PCMU call is the caller's payload byte for byte; from a PCMA call each sample is
 * expanded and compressed again (G.711 A-law → μ-law). {@code l16} is the G.711 expansion, at 16 kHz
 * upsampled by the project's {@link Resampler}, whose history runs across frames (lost frames' silence
 * included) so the stream is continuous. The resampler's first outputs come a few samples short of a whole
 * frame; that shortfall is made up once with leading zeros, so every frame holds exactly 20 ms.
 *
 * <p>One instance per call and format, on the call loop; nothing is allocated per frame.
 */
public final class ListenFrameEncoder {
    public static final int HEADER_BYTES = 12;
    /** Header flag: the frame was not (wholly) received and is filled with silence. */
    public static final int FLAG_LOST = 1;
    private static final int L16_BYTES = Short.BYTES;

    private final AudioFormat format;
    private final int samplesPerFrame;
    private final Resampler upsampler; // null unless l16 at 16 kHz
    private final short[] narrow = new short[MediaFrame.SAMPLES];
    private final byte[] ulaw = new byte[MediaFrame.BYTES];
    private final short[] wide;
    private int wideFill;
    private boolean primed;

    public ListenFrameEncoder(AudioFormat format, int rate) {
        this.format = Objects.requireNonNull(format, "format");
        String problem = Listen.problemWith(format, rate);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.samplesPerFrame = rate / 1000 * MediaFrame.MS;
        this.upsampler = rate == MediaFrame.SAMPLE_RATE ? null : new Resampler(MediaFrame.SAMPLE_RATE, rate);
        this.wide = upsampler == null ? null : new short[samplesPerFrame + upsampler.maxOutput(MediaFrame.SAMPLES)];
    }

    /** Bytes of one whole binary frame, header included. */
    public int frameBytes() {
        return HEADER_BYTES + payloadBytes();
    }

    private int payloadBytes() {
        return format == AudioFormat.ULAW ? samplesPerFrame : samplesPerFrame * L16_BYTES;
    }

    /** Writes {@code frame} as one binary frame at {@code out}'s writer index. */
    public void encode(CallerFrame frame, ByteBuf out) {
        out.writeInt((int) frame.sequence()); // uint32: wraps after 2^32 frames (2.7 years)
        out.writeInt((int) frame.positionMs());
        out.writeShort(frame.lost() ? FLAG_LOST : 0);
        out.writeShort(0);
        byte[] g711 = frame.payload();
        G711Codec codec = frame.codec();
        if (format == AudioFormat.ULAW) {
            codec.toUlaw(g711, 0, g711.length, ulaw, 0);
            out.writeBytes(ulaw, 0, g711.length);
        } else if (upsampler == null) {
            for (byte code : g711) {
                out.writeShortLE(codec.decode(code));
            }
        } else {
            writeWideband(g711, codec, out);
        }
    }

    private void writeWideband(byte[] g711, G711Codec codec, ByteBuf out) {
        codec.decode(g711, 0, g711.length, narrow, 0);
        int produced = upsampler.process(narrow, 0, narrow.length, wide, wideFill);
        wideFill += produced;
        int padding = 0;
        if (!primed) {
            primed = true;
            padding = Math.max(0, samplesPerFrame - wideFill);
        }
        out.writeZero(padding * L16_BYTES);
        int take = Math.min(samplesPerFrame - padding, wideFill);
        for (int i = 0; i < take; i++) {
            out.writeShortLE(wide[i]);
        }
        out.writeZero((samplesPerFrame - padding - take) * L16_BYTES); // never, once primed: 2:1 is exact
        System.arraycopy(wide, take, wide, 0, wideFill - take);
        wideFill -= take;
    }
}
