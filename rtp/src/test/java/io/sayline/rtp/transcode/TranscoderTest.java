package io.sayline.rtp.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.resample.ClickDetector;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TranscoderTest {
    @Test
    void ulawIntoPcmuCallPassesThroughByteForByte() {
        byte[] input = new byte[160 * 7];
        new Random(1).nextBytes(input);
        assertArrayEquals(input, Streams.transcode(AudioFormat.ULAW_8000, G711Codec.PCMU, input, new int[] {13}));
    }

    @Test
    void alawIntoPcmaCallPassesThroughByteForByte() {
        byte[] input = new byte[160 * 7];
        new Random(2).nextBytes(input);
        assertArrayEquals(input, Streams.transcode(AudioFormat.ALAW_8000, G711Codec.PCMA, input, new int[] {13}));
    }

    @Test
    void ulawIntoPcmaCallIsDecodedAndReencoded() {
        byte[] input = new byte[256 * 5];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) i;
        }
        byte[] out = Streams.transcode(AudioFormat.ULAW_8000, G711Codec.PCMA, input, new int[] {100});
        for (int i = 0; i < input.length; i++) {
            assertEquals(G711Codec.PCMA.encode(G711Codec.PCMU.decode(input[i])), out[i], "byte " + i);
        }
    }

    @Test
    void pcm8000IsEncodedSampleForSample() {
        short[] pcm = new short[800];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (i * 37 - 15000);
        }
        byte[] out = Streams.transcode(AudioFormat.PCM_8000, G711Codec.PCMU, Streams.littleEndian(pcm), new int[] {99});
        byte[] expected = new byte[800];
        G711Codec.PCMU.encode(pcm, 0, 800, expected, 0);
        assertArrayEquals(expected, out);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PCMU", "PCMA"})
    void lastPartialFrameIsPaddedWithTheCodecsSilence(String codecName) {
        G711Codec codec = G711Codec.valueOf(codecName);
        byte[] input = new byte[2 * 170]; // 170 samples of pcm_8000: one full frame and 10 samples
        Arrays.fill(input, (byte) 0x10);
        List<byte[]> frames = new ArrayList<>();
        Transcoder transcoder = Transcoder.create(AudioFormat.PCM_8000, codec, frames::add);
        transcoder.write(input, 0, input.length);
        assertEquals(1, frames.size(), "the partial frame waits for more audio");
        transcoder.end();
        assertEquals(2, frames.size());
        byte[] last = frames.get(1);
        byte sample = codec.encode((short) 0x1010);
        for (int i = 0; i < 160; i++) {
            assertEquals(i < 10 ? sample : codec.silence(), last[i], "byte " + i);
        }
        assertNotSame(frames.get(0), frames.get(1));
        assertEquals(170, transcoder.samplesIn());
        assertEquals(2, transcoder.framesOut());
    }

    @Test
    void aResamplerReusedFromAnEndedStreamGivesWhatANewOneGives() {
        byte[] pcm16k = new byte[3200 * 2];
        Random random = new Random(7);
        for (int i = 0; i < pcm16k.length; i += 2) {
            short sample = (short) (8000 * Math.sin(i * 0.01) + random.nextInt(200));
            pcm16k[i] = (byte) sample;
            pcm16k[i + 1] = (byte) (sample >> 8);
        }
        // A first stream ends with its tail in the filter; the next one on this thread reuses its resampler.
        byte[] first = Streams.transcode(AudioFormat.PCM_16000, G711Codec.PCMU, pcm16k, new int[] {777});
        byte[] second = Streams.transcode(AudioFormat.PCM_16000, G711Codec.PCMU, pcm16k, new int[] {1000, 3});
        assertArrayEquals(first, second, "a reused resampler starts from silence, as a new one does");
    }

    @Test
    void exactMultipleOfAFrameGetsNoExtraSilenceFrame() {
        byte[] out = Streams.transcode(AudioFormat.ULAW_8000, G711Codec.PCMU, new byte[320], new int[] {320});
        assertEquals(320, out.length);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pcm_16000", "pcm_22050", "pcm_44100", "pcm_48000"})
    void outputLengthIsTheInputDurationRoundedUpToAFrame(String name) {
        AudioFormat format = AudioFormat.parse(name);
        byte[] input = Streams.signal(format, 0.5); // 4000 samples at 8 kHz: exactly 25 frames
        byte[] out = Streams.transcode(format, G711Codec.PCMU, input, new int[] {777});
        assertEquals(25 * 160, out.length);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "pcm_48000", "ulaw_8000"})
    void consecutiveUtterancesJoinWithoutAClick(String name) {
        AudioFormat format = AudioFormat.parse(name);
        ByteArrayOutputStream call = new ByteArrayOutputStream();
        for (int utterance = 0; utterance < 3; utterance++) {
            // lengths that are not whole frames, so every join has padding in it
            byte[] input = Streams.signal(format, 0.31 + 0.017 * utterance);
            call.writeBytes(Streams.transcode(format, G711Codec.PCMA, input, Streams.randomChunks(utterance, 30, 999)));
        }
        short[] pcm = Streams.decode(G711Codec.PCMA, call.toByteArray());
        // A-law's step is 1/16 of the envelope at worst; 1 kHz is the highest component
        int click = ClickDetector.firstClick(pcm, 1000, 8000, 64 + 0);
        assertEquals(-1, click, "click at sample " + click);
    }

    @Test
    void corruptMp3IsCountedAndDecodingGoesOn() {
        byte[] mp3 = Streams.resource(Streams.CHIRP_MP3);
        byte[] corrupt = mp3.clone();
        Random random = new Random(3);
        for (int i = 2000; i < 2600; i++) {
            corrupt[i] = (byte) random.nextInt(256); // three frames of noise, headers included
        }
        List<byte[]> frames = new ArrayList<>();
        Transcoder transcoder = Transcoder.create(AudioFormat.parse("mp3_44100_64"), G711Codec.PCMU, frames::add);
        assertDoesNotThrow(() -> {
            transcoder.write(corrupt, 0, corrupt.length);
            transcoder.end();
        });
        assertTrue(transcoder.decodeErrors() > 0);
        byte[] clean = Streams.transcode(AudioFormat.parse("mp3_44100_64"), G711Codec.PCMU, mp3, new int[] {mp3.length});
        // most of 2 s still comes through
        assertTrue(frames.size() * 160 > clean.length * 3 / 4, frames.size() + " frames");
    }

    @Test
    void garbageInsteadOfMp3NeverThrows() {
        Random random = new Random(4);
        for (int trial = 0; trial < 20; trial++) {
            byte[] junk = new byte[5000];
            random.nextBytes(junk);
            for (int i = 0; i < junk.length; i += 1 + random.nextInt(400)) {
                junk[i] = (byte) 0xFF; // plenty of false sync words
                if (i + 1 < junk.length) {
                    junk[i + 1] = (byte) 0xFB;
                }
            }
            Transcoder transcoder = Transcoder.create(AudioFormat.parse("mp3_44100_128"), G711Codec.PCMU, frame -> { });
            assertDoesNotThrow(() -> {
                transcoder.write(junk, 0, junk.length);
                transcoder.end();
            });
            assertTrue(transcoder.decodeErrors() > 0);
        }
    }

    @Test
    void mp3ToneComesOutAtItsPitch() {
        byte[] out = Streams.transcode(AudioFormat.parse("mp3_22050_32"), G711Codec.PCMU,
                Streams.resource(Streams.TONE_MP3), new int[] {100});
        short[] pcm = Streams.decode(G711Codec.PCMU, out);
        double at440 = io.sayline.rtp.resample.ToneMeterAccess.amplitude(pcm, 2000, 6000, 440, 8000);
        double at880 = io.sayline.rtp.resample.ToneMeterAccess.amplitude(pcm, 2000, 6000, 880, 8000);
        assertEquals(0.4 * 32768, at440, 0.1 * 32768);
        assertTrue(at880 < at440 / 100);
    }

    @Test
    void stereoMp3IsMixedDownToMono() {
        byte[] mp3 = Streams.resource("tone440-22050-stereo-32k.mp3");
        List<byte[]> frames = new ArrayList<>();
        Transcoder transcoder = Transcoder.create(AudioFormat.parse("mp3_22050_32"), G711Codec.PCMU, frames::add);
        transcoder.write(mp3, 0, mp3.length);
        transcoder.end();
        assertEquals(0, transcoder.decodeErrors());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(all::writeBytes);
        short[] pcm = Streams.decode(G711Codec.PCMU, all.toByteArray());
        assertTrue(pcm.length >= 4000, pcm.length + " samples"); // 0.5 s, not 1 s of interleaved pairs
        double at440 = io.sayline.rtp.resample.ToneMeterAccess.amplitude(pcm, 1000, 3000, 440, 8000);
        assertEquals(0.4 * 32768, at440, 0.1 * 32768);
    }

    @Test
    void oddTrailingByteIsCountedNotThrown() {
        Transcoder transcoder = Transcoder.create(AudioFormat.PCM_16000, G711Codec.PCMU, frame -> { });
        transcoder.write(new byte[321], 0, 321);
        transcoder.end();
        assertEquals(1, transcoder.decodeErrors());
    }

    @Test
    void writeAfterEndIsCountedAndIgnored() {
        List<byte[]> frames = new ArrayList<>();
        Transcoder transcoder = Transcoder.create(AudioFormat.ULAW_8000, G711Codec.PCMU, frames::add);
        transcoder.end();
        transcoder.write(new byte[400], 0, 400);
        assertEquals(0, frames.size());
        assertEquals(1, transcoder.decodeErrors());
    }

    @Test
    void wrongFormatNameIsAnErrorAtConfigurationTime() {
        for (String bad : new String[] {"pcm_16001", "pcm_7999", "ulaw_16000", "mp3_44100", "mp3_44100_100",
                "opus_48000_64", "PCM_16000", "", "pcm16000", "mp3_44000_128"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AudioFormat.parse(bad), bad);
            assertTrue(e.getMessage().length() > 10, e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> AudioFormat.parse(null));
        assertEquals("mp3_44100_128", AudioFormat.parse("mp3_44100_128").vendorName());
    }
}
