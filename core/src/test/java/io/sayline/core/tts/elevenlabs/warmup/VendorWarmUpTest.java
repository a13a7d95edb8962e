package io.sayline.core.tts.elevenlabs.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.tts.VendorConfigBuilder;
import io.sayline.rtp.g711.G711Codec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ElevenLabs clients against the loopback stand-in, in every mode the vendor block can name. */
class VendorWarmUpTest {
    private static final int UTTERANCES = 40;
    /** {@link VendorWarmUp#SENTENCE}'s 25 characters at 60 ms each, in whole 200 ms chunks: 1.6 s. */
    private static final int FRAMES_PER_UTTERANCE = 80;
    private static final EventLoopGroup IO = new NioEventLoopGroup(2);

    @AfterAll
    static void stopLoops() {
        IO.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest(name = "{0}, multi-context {1}, alignment {2}, {3}")
    @CsvSource({
            "websocket, true, false, pcm_16000",
            "websocket, false, false, pcm_22050",
            "http, false, true, pcm_16000",
            "http, false, false, ulaw_8000",
            "off, false, false, alaw_8000",
    })
    void everyUtteranceComesBackWithAllItsAudio(String streaming, boolean multiContext, boolean alignment,
                                                String outputFormat) throws Exception {
        VendorConfigBuilder block = VendorConfigBuilder.elevenLabs("http://127.0.0.1:1", streaming);
        block.multiContext = multiContext;
        block.alignment = alignment;
        block.outputFormat = outputFormat;

        VendorWarmUp.Result result = VendorWarmUp.run(block.build(), G711Codec.PCMU, IO, UTTERANCES);

        assertEquals(UTTERANCES, result.utterances(), result.toString());
        assertEquals(0, result.failures(), result.toString());
        assertTrue(Math.abs(result.frames() - (long) UTTERANCES * FRAMES_PER_UTTERANCE) <= UTTERANCES,
                "about 1.6 s of audio per utterance: " + result);
    }

    @Test
    void mp3IsNotWarmedForWantOfAnEncoder() {
        VendorConfigBuilder block = VendorConfigBuilder.elevenLabs("http://127.0.0.1:1", "http");
        block.outputFormat = "mp3_44100_128";
        assertFalse(VendorWarmUp.canWarm(block.build()));
        block.outputFormat = "ulaw_8000";
        assertTrue(VendorWarmUp.canWarm(block.build()));
    }

    @Test
    void blocksThatRunTheSameClientAreWarmedOnce() {
        VendorConfigBuilder first = VendorConfigBuilder.elevenLabs("https://api.elevenlabs.io", "http");
        VendorConfigBuilder otherVoice = VendorConfigBuilder.elevenLabs("https://api.elevenlabs.io", "http");
        otherVoice.voiceId = "another";
        VendorConfigBuilder otherFormat = VendorConfigBuilder.elevenLabs("https://api.elevenlabs.io", "http");
        otherFormat.outputFormat = "ulaw_8000";
        VendorConfigBuilder embedded = VendorConfigBuilder.elevenLabs("https://api.elevenlabs.io", "http");
        embedded.provider = "embedded";

        List<TtsVendorConfig> clients = VendorWarmUp.distinctClients(List.of(first.build(), otherVoice.build(),
                otherFormat.build(), embedded.build()));

        assertEquals(List.of(first.build(), otherFormat.build()), clients);
    }

    @Test
    void theStandInGetsNeitherTheKeyNorRetriesNorAFallback() {
        VendorConfigBuilder block = VendorConfigBuilder.elevenLabs("https://api.elevenlabs.io", "http");
        block.fallback = "embedded";
        TtsVendorConfig pointed = block.build().pointedAt("http://127.0.0.1:9");
        assertEquals("http://127.0.0.1:9", pointed.baseUrl());
        assertNull(pointed.apiKey());
        assertEquals(0, pointed.maxRetries());
        assertNull(pointed.fallback());
        assertEquals(block.build().outputFormat(), pointed.outputFormat());
    }
}
