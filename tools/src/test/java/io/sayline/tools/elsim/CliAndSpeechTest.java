package io.sayline.tools.elsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class CliAndSpeechTest {

    @Test
    void cliFlagsSetServerOptionsAndKnobs() throws Exception {
        ElevenLabsSimulator.Builder b = ElevenLabsSimulator.Cli.parse(new String[] {"--port", "18500",
                "--api-key", "k", "--signal", "sweep:100-7000", "--first-chunk-delay-ms", "120", "--rtf", "1.5",
                "--malformed", "invalid_json", "--error-status", "429", "--error-code", "system_busy",
                "--snake-case-is-final"});
        assertEquals(18500, b.port);
        assertEquals("k", b.apiKey);
        assertEquals("sweep:100-7000", b.signal);
        SimKnobs k = b.knobs.build();
        assertEquals(120, k.firstChunkDelayMs());
        assertEquals(1.5, k.realTimeFactor());
        assertEquals(SimKnobs.Malformed.INVALID_JSON, k.malformed());
        assertEquals(429, k.errorStatus());
        assertEquals("system_busy", k.errorCode());
        assertTrue(k.snakeCaseIsFinal());
    }

    @Test
    void cliRefusesUnknownKnobsAndBadValues() {
        assertThrows(IllegalArgumentException.class,
                () -> ElevenLabsSimulator.Cli.parse(new String[] {"--no-such-knob", "1"}));
        assertThrows(IllegalArgumentException.class,
                () -> ElevenLabsSimulator.Cli.parse(new String[] {"--chunk-ms", "0"}));
        assertThrows(IllegalArgumentException.class,
                () -> ElevenLabsSimulator.Cli.parse(new String[] {"--signal", "noise"}));
    }

    @Test
    void embeddedFreeTtsSpeaksAudibleAudioAt8k() throws Exception {
        try (ElevenLabsSimulator sim = ElevenLabsSimulator.builder().port(0).voices(1).firstChunkDelayMs(0)
                .build().start();
                Response r = new OkHttpClient().newCall(SimTestSupport.post(sim,
                        "/v1/text-to-speech/v1/stream?output_format=pcm_8000", "{\"text\":\"Hello, how are you?\"}",
                        "any-key")).execute()) {
            byte[] pcm = r.body().bytes();
            assertTrue(pcm.length > 8000, "at least half a second of speech: " + pcm.length);
            double energy = 0;
            for (int i = 0; i + 1 < pcm.length; i += 2) {
                short s = (short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8));
                energy += (double) s * s;
            }
            double rms = Math.sqrt(energy / (pcm.length / 2));
            assertTrue(rms > 300, "speech is not silence: rms " + rms);
        }
    }
}
