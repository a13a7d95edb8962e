package io.sayline.rtp.g711;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class G711CodecTest {
    private static final int ALL_LINEAR = 1 << 16;

    @Test
    void ulawEncodeMatchesItuReferenceOnAll65536Inputs() {
        for (int i = 0; i < ALL_LINEAR; i++) {
            short linear = (short) i;
            assertEquals((byte) ItuG711Reference.ulawCompress(linear), G711Codec.PCMU.encode(linear),
                    "μ-law of " + linear);
        }
    }

    @Test
    void alawEncodeMatchesItuReferenceOnAll65536Inputs() {
        for (int i = 0; i < ALL_LINEAR; i++) {
            short linear = (short) i;
            assertEquals((byte) ItuG711Reference.alawCompress(linear), G711Codec.PCMA.encode(linear),
                    "A-law of " + linear);
        }
    }

    @Test
    void ulawDecodeMatchesItuReferenceOnAll256Codes() {
        for (int c = 0; c < 256; c++) {
            assertEquals(ItuG711Reference.ulawExpand((short) c), G711Codec.PCMU.decode((byte) c), "μ-law code " + c);
        }
    }

    @Test
    void alawDecodeMatchesItuReferenceOnAll256Codes() {
        for (int c = 0; c < 256; c++) {
            assertEquals(ItuG711Reference.alawExpand((short) c), G711Codec.PCMA.decode((byte) c), "A-law code " + c);
        }
    }

    @Test
    void bulkEncodeAndDecodeAgreeWithSingleSampleCalls() {
        short[] in = new short[ALL_LINEAR + 3];
        for (int i = 0; i < ALL_LINEAR; i++) {
            in[i + 3] = (short) i;
        }
        for (G711Codec codec : G711Codec.values()) {
            byte[] codes = new byte[ALL_LINEAR + 5];
            codec.encode(in, 3, ALL_LINEAR, codes, 5);
            short[] back = new short[ALL_LINEAR + 1];
            codec.decode(codes, 5, ALL_LINEAR, back, 1);
            for (int i = 0; i < ALL_LINEAR; i++) {
                assertEquals(codec.encode((short) i), codes[i + 5]);
                assertEquals(codec.decode(codes[i + 5]), back[i + 1]);
            }
        }
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (G711Codec codec : G711Codec.values()) {
            byte[] codes = new byte[256];
            for (int c = 0; c < 256; c++) {
                codes[c] = (byte) c;
            }
            short[] linear = new short[256];
            codec.decode(codes, 0, 256, linear, 0);
            byte[] again = new byte[256];
            codec.encode(linear, 0, 256, again, 0);
            if (codec == G711Codec.PCMU) {
                // μ-law has two zeros (0x7F and 0xFF); both decode to 0, which encodes as 0xFF.
                codes[0x7F] = (byte) 0xFF;
            }
            assertArrayEquals(codes, again, codec.name());
        }
    }

    @Test
    void silenceIsTheCodeForZero() {
        assertEquals((byte) 0xFF, G711Codec.PCMU.silence());
        assertEquals((byte) 0xD5, G711Codec.PCMA.silence());
        assertEquals(0, G711Codec.PCMU.decode(G711Codec.PCMU.silence()));
    }

    @Test
    void payloadTypesAreTheRfc3551StaticOnes() {
        assertEquals(0, G711Codec.PCMU.payloadType());
        assertEquals(8, G711Codec.PCMA.payloadType());
        assertEquals(G711Codec.PCMU, G711Codec.forPayloadType(0));
        assertEquals(G711Codec.PCMA, G711Codec.forPayloadType(8));
        assertThrows(IllegalArgumentException.class, () -> G711Codec.forPayloadType(18));
    }

    @Test
    void toUlawCopiesPcmuAndConvertsEachPcmaCodeThroughItsLinearValue() {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        byte[] out = new byte[258];
        G711Codec.PCMU.toUlaw(codes, 0, 256, out, 2);
        for (int i = 0; i < 256; i++) {
            assertEquals(codes[i], out[2 + i], "PCMU is copied as it is");
        }
        G711Codec.PCMA.toUlaw(codes, 0, 256, out, 0);
        for (int i = 0; i < 256; i++) {
            assertEquals(G711Codec.PCMU.encode(G711Codec.PCMA.decode(codes[i])), out[i], "A-law code " + i);
        }
    }
}
