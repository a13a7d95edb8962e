package io.sayline.rtp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sayline.rtp.packet.RtpDecodeResult.Malformed;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpPacketTest {

    private static RtpDecodeResult decodeHex(String hex) {
        return RtpPacket.decode(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", ""))));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("empty", "", Malformed.TOO_SHORT),
                Arguments.of("eleven bytes", "80 00 00 01 00 00 00 00 00 00 00", Malformed.TOO_SHORT),
                Arguments.of("version 0", "00 00 00 01 00 00 00 00 00 00 00 01", Malformed.BAD_VERSION),
                Arguments.of("version 1", "40 00 00 01 00 00 00 00 00 00 00 01", Malformed.BAD_VERSION),
                Arguments.of("version 3", "c0 00 00 01 00 00 00 00 00 00 00 01", Malformed.BAD_VERSION),
                Arguments.of("RTCP sender report", "80 c8 00 06 00 00 00 01 00 00 00 00", Malformed.RTCP),
                Arguments.of("RTCP bye", "81 cb 00 01 00 00 00 01 00 00 00 00", Malformed.RTCP),
                Arguments.of("CC=1 but no CSRC", "81 00 00 01 00 00 00 00 00 00 00 01", Malformed.CSRC_TRUNCATED),
                Arguments.of("CC=15, two CSRCs", "8f 00 00 01 00 00 00 00 00 00 00 01 00 00 00 02 00 00 00 03",
                        Malformed.CSRC_TRUNCATED),
                Arguments.of("X=1 without extension header", "90 00 00 01 00 00 00 00 00 00 00 01",
                        Malformed.EXTENSION_TRUNCATED),
                Arguments.of("X=1 half an extension header", "90 00 00 01 00 00 00 00 00 00 00 01 be de",
                        Malformed.EXTENSION_TRUNCATED),
                Arguments.of("extension length past the end", "90 00 00 01 00 00 00 00 00 00 00 01 be de 00 02 00 00 00 00",
                        Malformed.EXTENSION_TRUNCATED),
                Arguments.of("extension length 65535", "90 00 00 01 00 00 00 00 00 00 00 01 be de ff ff",
                        Malformed.EXTENSION_TRUNCATED),
                Arguments.of("padding count zero", "a0 00 00 01 00 00 00 00 00 00 00 01 aa 00", Malformed.PADDING_ZERO),
                Arguments.of("padding longer than payload", "a0 00 00 01 00 00 00 00 00 00 00 01 aa 05",
                        Malformed.PADDING_TOO_LONG),
                Arguments.of("padding count eats the header", "a0 00 00 01 00 00 00 00 00 00 00 ff",
                        Malformed.PADDING_TOO_LONG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsAMalformedValueNotAnException(String name, String hex, Malformed expected) {
        assertSame(expected, decodeHex(hex));
    }

    record Good(String name, String hex, boolean marker, int pt, int seq, long ts, long ssrc, int csrcs,
                boolean extension, String payloadHex, int padding) {
    }

    static Stream<Good> goodInputs() {
        return Stream.of(
                new Good("header only", "80 00 00 01 00 00 00 a0 12 34 56 78", false, 0, 1, 160, 0x12345678L, 0,
                        false, "", 0),
                new Good("pcmu with marker", "80 80 ff ff ff ff ff ff 80 00 00 01 ff 7f 00", true, 0, 65535,
                        0xFFFFFFFFL, 0x80000001L, 0, false, "ff7f00", 0),
                new Good("pcma with two csrcs", "82 08 00 02 00 00 01 40 00 00 00 07 00 00 00 0a 00 00 00 0b d5 d5",
                        false, 8, 2, 320, 7, 2, false, "d5d5", 0),
                new Good("one-byte header extension", "90 65 00 03 00 00 00 00 00 00 00 01 be de 00 01 10 aa 00 00 01 02",
                        false, 101, 3, 0, 1, 0, true, "0102", 0),
                new Good("empty extension", "90 00 00 04 00 00 00 00 00 00 00 01 be de 00 00 33", false, 0, 4, 0, 1, 0,
                        true, "33", 0),
                new Good("padding of three", "a0 00 00 05 00 00 00 00 00 00 00 01 aa bb 00 00 03", false, 0, 5, 0, 1, 0,
                        false, "aabb", 3),
                new Good("padding only", "a0 00 00 06 00 00 00 00 00 00 00 01 00 02", false, 0, 6, 0, 1, 0, false, "", 2),
                new Good("unknown payload type 77", "80 4d 00 07 00 00 00 00 00 00 00 01 01", false, 77, 7, 0, 1, 0,
                        false, "01", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodInputs")
    void goodInputDecodesEveryField(Good g) {
        RtpPacket p = assertInstanceOf(RtpPacket.class, decodeHex(g.hex()));
        assertEquals(g.marker(), p.marker());
        assertEquals(g.pt(), p.payloadType());
        assertEquals(g.seq(), p.sequenceNumber());
        assertEquals(g.ts(), Rtp32.unsigned(p.timestamp()));
        assertEquals(g.ssrc(), Integer.toUnsignedLong(p.ssrc()));
        assertEquals(g.csrcs(), p.csrcs().length);
        assertEquals(g.extension(), p.hasExtension());
        assertEquals(g.payloadHex(), ByteBufUtil.hexDump(p.payload()));
        assertEquals(g.padding(), p.paddingLength());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodInputs")
    void goodInputReEncodesToTheSameBytes(Good g) {
        byte[] wire = ByteBufUtil.decodeHexDump(g.hex().replace(" ", ""));
        RtpPacket p = (RtpPacket) RtpPacket.decode(Unpooled.wrappedBuffer(wire));
        ByteBuf out = Unpooled.buffer();
        p.encodeTo(out);
        assertEquals(p.encodedLength(), out.readableBytes());
        // padding bytes other than the count are zeroed on encode; the test inputs use zero padding
        assertArrayEquals(wire, ByteBufUtil.getBytes(out));
    }

    @Test
    void decodeLeavesTheBufferIndicesAlone() {
        ByteBuf buf = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("800000010000000000000001aabb"));
        RtpPacket.decode(buf);
        assertEquals(0, buf.readerIndex());
        assertEquals(14, buf.readableBytes());
    }

    @Test
    void headerWriterMatchesTheBuilder() {
        ByteBuf a = Unpooled.buffer();
        RtpPacket.writeHeader(a, true, 8, 65535, -1, 0xCAFEBABE);
        a.writeBytes(new byte[] {1, 2, 3});
        ByteBuf b = Unpooled.buffer();
        RtpPacket.builder().marker(true).payloadType(8).sequenceNumber(65535).timestamp(-1).ssrc(0xCAFEBABE)
                .payload(new byte[] {1, 2, 3}).build().encodeTo(b);
        assertEquals(ByteBufUtil.hexDump(b), ByteBufUtil.hexDump(a));
        assertEquals("80 88 ff ff ff ff ff ff ca fe ba be 01 02 03".replace(" ", ""), ByteBufUtil.hexDump(a));
    }

    @Test
    void builderRejectsOutOfRangeFieldsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RtpPacket.builder().payloadType(128));
        assertTrue(e.getMessage().contains("payload type"));
        assertThrows(IllegalArgumentException.class, () -> RtpPacket.builder().sequenceNumber(65536));
        assertThrows(IllegalArgumentException.class, () -> RtpPacket.builder().csrcs(new int[16]));
        assertThrows(IllegalArgumentException.class,
                () -> RtpPacket.builder().extension(0xBEDE, Unpooled.wrappedBuffer(new byte[3])));
    }

    @Test
    void payloadTypeToleratesUnknownNumbers() {
        assertEquals("PCMU", PayloadType.of(0).name());
        assertEquals("PCMA", PayloadType.of(8).name());
        assertTrue(PayloadType.of(101).isDynamic());
        assertEquals(101, PayloadType.of(101).number());
        assertFalse(PayloadType.of(77).isDynamic());
        assertSame(PayloadType.of(101), PayloadType.of(101));
        assertThrows(IllegalArgumentException.class, () -> PayloadType.of(128));
    }
}
