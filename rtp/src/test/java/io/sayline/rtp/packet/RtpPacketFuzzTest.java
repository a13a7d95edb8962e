package io.sayline.rtp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sayline.fuzz.Fuzz;
import io.sayline.fuzz.FuzzInputs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RtpPacket#decode} on hostile datagrams (the RTP port is probed from anywhere): a packet or
 * {@link RtpDecodeResult.Malformed}, the buffer's indexes untouched, and a decoded packet's slices within the
 * datagram (it re-encodes to exactly {@link RtpPacket#encodedLength()} bytes).
 */
class RtpPacketFuzzTest {
    /** RFC 3550 §5.1: V=2, PT 0, 160 bytes of payload: a 20 ms PCMU frame. */
    private static final String PCMU = "80000001000000a012345678" + "ff".repeat(160);
    /** Marker, two CSRCs (§5.1 CC), an RFC 8285 one-byte header extension (§5.3.1 X) and 3 bytes of padding. */
    private static final String EVERYTHING = "b2e5000200000140deadbeef" + "0000000100000002"
            + "bede0001" + "10aa0000" + "d5d5d5d5" + "000003";
    /** RFC 4733 telephone-event (PT 101): digit 5, end bit, duration 800. */
    private static final String DTMF = "80e5000300000280cafebabe" + "05800320";

    @Test
    void arbitraryDatagramDecodesOrIsMalformed() {
        Fuzz.forAll(arbitrary(), (byte[] datagram) -> {
            assertDecodedOrMalformed(datagram);
        });
    }

    @Test
    void damagedPacketDecodesOrIsMalformed() {
        Fuzz.forAll(damaged(), (byte[] datagram) -> {
            assertDecodedOrMalformed(datagram);
        });
    }

    private static void assertDecodedOrMalformed(byte[] datagram) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        RtpDecodeResult result = RtpPacket.decode(buf);
        assertNotNull(result);
        assertEquals(0, buf.readerIndex());
        assertEquals(datagram.length, buf.writerIndex());
        if (result instanceof RtpPacket packet) {
            ByteBuf out = Unpooled.buffer();
            packet.encodeTo(out);
            assertEquals(packet.encodedLength(), out.readableBytes());
        }
    }

    @Test
    void seedsAreValidPackets() {
        for (byte[] seed : seeds()) {
            assertInstanceOf(RtpPacket.class, RtpPacket.decode(Unpooled.wrappedBuffer(seed)));
        }
    }

    private static List<byte[]> seeds() {
        return List.of(ByteBufUtil.decodeHexDump(PCMU), ByteBufUtil.decodeHexDump(EVERYTHING),
                ByteBufUtil.decodeHexDump(DTMF));
    }

    private static FuzzInputs.Gen<byte[]> arbitrary() {
        return FuzzInputs.bytes();
    }

    private static FuzzInputs.Gen<byte[]> damaged() {
        return FuzzInputs.mutantsOf(seeds());
    }
}
