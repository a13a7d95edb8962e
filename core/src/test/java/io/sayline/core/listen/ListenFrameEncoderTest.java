package io.sayline.core.listen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sayline.core.control.protocol.Command.Listen.AudioFormat;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import org.junit.jupiter.api.Test;

/** The binary frame of protocol v1.1 {@code listen}: header layout and the three payloads. */
class ListenFrameEncoderTest {

    private static CallerFrame frame(long sequence, long positionMs, boolean lost, G711Codec codec, byte[] g711) {
        CallerFrame frame = new CallerFrame();
        frame.set(sequence, positionMs, lost, codec);
        System.arraycopy(g711, 0, frame.buffer(), 0, g711.length);
        return frame;
    }

    private static byte[] ramp() {
        byte[] g711 = new byte[MediaFrame.BYTES];
        for (int i = 0; i < g711.length; i++) {
            g711[i] = (byte) i;
        }
        return g711;
    }

    private static byte[] encode(ListenFrameEncoder encoder, CallerFrame frame) {
        ByteBuf out = Unpooled.buffer();
        encoder.encode(frame, out);
        assertEquals(encoder.frameBytes(), out.readableBytes());
        return ByteBufUtil.getBytes(out);
    }

    @Test
    void theHeaderIsBigEndianSequencePositionFlagsAndZero() {
        byte[] bytes = encode(new ListenFrameEncoder(AudioFormat.ULAW, 8000),
                frame(0x01020304L, 0x0A0B0C0DL, true, G711Codec.PCMU, ramp()));
        assertEquals("010203040a0b0c0d00010000", ByteBufUtil.hexDump(bytes, 0, ListenFrameEncoder.HEADER_BYTES));
        byte[] notLost = encode(new ListenFrameEncoder(AudioFormat.ULAW, 8000),
                frame(0xFFFF_FFFFL, 20, false, G711Codec.PCMU, ramp()));
        assertEquals("ffffffff0000001400000000", ByteBufUtil.hexDump(notLost, 0, ListenFrameEncoder.HEADER_BYTES));
    }

    @Test
    void ulawFromPcmuIsTheCallersPayloadByteForByte() {
        byte[] bytes = encode(new ListenFrameEncoder(AudioFormat.ULAW, 8000), frame(0, 0, false, G711Codec.PCMU, ramp()));
        assertEquals(ListenFrameEncoder.HEADER_BYTES + 160, bytes.length);
        assertArrayEquals(ramp(), java.util.Arrays.copyOfRange(bytes, ListenFrameEncoder.HEADER_BYTES, bytes.length));
    }

    @Test
    void ulawFromPcmaIsConvertedSampleBySample() {
        byte[] bytes = encode(new ListenFrameEncoder(AudioFormat.ULAW, 8000), frame(0, 0, false, G711Codec.PCMA, ramp()));
        for (int i = 0; i < MediaFrame.BYTES; i++) {
            assertEquals(G711Codec.PCMU.encode(G711Codec.PCMA.decode((byte) i)), bytes[ListenFrameEncoder.HEADER_BYTES + i]);
        }
    }

    @Test
    void l16At8kHzIsTheG711ExpansionLittleEndian() {
        ByteBuf out = Unpooled.buffer();
        new ListenFrameEncoder(AudioFormat.L16, 8000).encode(frame(0, 0, false, G711Codec.PCMA, ramp()), out);
        assertEquals(ListenFrameEncoder.HEADER_BYTES + 320, out.readableBytes());
        out.skipBytes(ListenFrameEncoder.HEADER_BYTES);
        for (int i = 0; i < MediaFrame.SAMPLES; i++) {
            assertEquals(G711Codec.PCMA.decode((byte) i), out.readShortLE());
        }
    }

    @Test
    void l16At16kHzHoldsExactly20msPerFrameAndKeepsATonesPitchAndLevel() {
        ListenFrameEncoder encoder = new ListenFrameEncoder(AudioFormat.L16, 16000);
        int frames = 25;
        short[] wide = new short[frames * 320];
        double amplitude = 8000;
        for (int f = 0; f < frames; f++) {
            byte[] g711 = new byte[MediaFrame.BYTES];
            for (int i = 0; i < g711.length; i++) {
                int n = f * MediaFrame.SAMPLES + i;
                g711[i] = G711Codec.PCMU.encode((short) Math.round(amplitude * Math.sin(2 * Math.PI * 1000 * n / 8000.0)));
            }
            ByteBuf out = Unpooled.buffer();
            encoder.encode(frame(f, f * 20L, false, G711Codec.PCMU, g711), out);
            assertEquals(ListenFrameEncoder.HEADER_BYTES + 640, out.readableBytes(), "frame " + f);
            out.skipBytes(ListenFrameEncoder.HEADER_BYTES);
            for (int i = 0; i < 320; i++) {
                wide[f * 320 + i] = out.readShortLE();
            }
        }
        // Past the filter's start-up, a second of 16 kHz samples: count the zero crossings and the RMS.
        int from = 1600;
        int crossings = 0;
        double sumSquares = 0;
        for (int i = from; i < wide.length; i++) {
            if ((wide[i - 1] < 0) != (wide[i] < 0)) {
                crossings++;
            }
            sumSquares += (double) wide[i] * wide[i];
        }
        double seconds = (wide.length - from) / 16000.0;
        double hz = crossings / 2.0 / seconds;
        double rms = Math.sqrt(sumSquares / (wide.length - from));
        assertEquals(1000, hz, 10, "pitch");
        assertEquals(amplitude / Math.sqrt(2), rms, amplitude / Math.sqrt(2) * 0.05, "level");
    }

    @Test
    void ulawAt16kHzIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ListenFrameEncoder(AudioFormat.ULAW, 16000));
        assertTrue(e.getMessage().contains("8000"), e.getMessage());
    }
}
