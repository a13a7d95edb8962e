package io.sayline.rtp.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.rtp.g711.G711Codec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/architecture.md, "Media rules": cutting the byte stream at any point yields the audio of the uncut stream. */
class TranscoderSplitInvarianceTest {
    static Stream<Arguments> formats() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (String name : new String[] {"pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_32000",
                "pcm_44100", "pcm_48000", "ulaw_8000", "alaw_8000"}) {
            AudioFormat format = AudioFormat.parse(name);
            for (G711Codec codec : G711Codec.values()) {
                all.add(Arguments.of(name, codec, Streams.signal(format, 0.5)));
            }
        }
        for (G711Codec codec : G711Codec.values()) {
            all.add(Arguments.of("mp3_44100_64", codec, Streams.resource(Streams.CHIRP_MP3)));
            all.add(Arguments.of("mp3_22050_32", codec, Streams.resource(Streams.TONE_MP3)));
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("formats")
    void oneByteChunksGiveTheFramesOfTheUnsplitStream(String name, G711Codec codec, byte[] input) {
        AudioFormat format = AudioFormat.parse(name);
        byte[] whole = Streams.transcode(format, codec, input, new int[] {input.length});
        assertTrue(whole.length > 0);
        assertArrayEquals(whole, Streams.transcode(format, codec, input, new int[] {1}));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("formats")
    void oddAndRandomSplitsGiveTheFramesOfTheUnsplitStream(String name, G711Codec codec, byte[] input) {
        AudioFormat format = AudioFormat.parse(name);
        byte[] whole = Streams.transcode(format, codec, input, new int[] {input.length});
        assertArrayEquals(whole, Streams.transcode(format, codec, input, new int[] {3, 1, 7, 333, 5, 1001}), "odd splits");
        for (int seed = 0; seed < 4; seed++) {
            assertArrayEquals(whole, Streams.transcode(format, codec, input, Streams.randomChunks(seed, 50, 4000)),
                    "random splits, seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("formats")
    void halfFrameSplitsGiveTheFramesOfTheUnsplitStream(String name, G711Codec codec, byte[] input) {
        AudioFormat format = AudioFormat.parse(name);
        if (format.encoding() != AudioFormat.Encoding.MP3) {
            return;
        }
        byte[] whole = Streams.transcode(format, codec, input, new int[] {input.length});
        // 64 kbit/s at 44.1 kHz: 208/209-byte frames; 32 kbit/s at 22.05 kHz: 104/105-byte frames
        int frame = format.sampleRate() == 44100 ? 208 : 104;
        assertArrayEquals(whole, Streams.transcode(format, codec, input, new int[] {frame / 2, frame / 2 + 1}));
        assertArrayEquals(whole, Streams.transcode(format, codec, input, new int[] {frame + frame / 2}));
    }
}
