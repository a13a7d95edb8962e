package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.node.IntNode;
import io.sayline.config.ConfigLoader;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.embedded.EmbeddedVendor;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Real (robotic) speech for the simulator from Sayline's own embedded engine (FreeTTS kevin16, a pool of
 * {@code voices} voices), rendered whole and resampled to the requested rate.
 */
final class FreeTtsSource implements SpeechSource {
    private final EmbeddedVendor engine;

    FreeTtsSource(int voices) {
        if (voices < 1) {
            throw new IllegalArgumentException("voices must be >= 1, was " + voices);
        }
        TtsVendorConfig config = ConfigLoader.load(null, Map.of(),
                List.of(ConfigLoader.Override.set("tts.embedded.poolSize", IntNode.valueOf(voices)))).vendor("embedded");
        engine = new EmbeddedVendor("el-sim", config);
    }

    @Override
    public short[] render(String text, int sampleRate) throws InterruptedException {
        if (text.isBlank()) {
            return new short[0];
        }
        Collector collector = new Collector();
        try (TtsSession session = engine.openSession(new TtsSessionContext("el-sim", null))) {
            TtsSession.Utterance utterance = session.start("el-sim", collector);
            utterance.append(text);
            utterance.finish();
            collector.done.await();
        }
        if (collector.error != null) {
            throw new IllegalStateException("embedded engine failed: " + collector.error.message());
        }
        int rate = engine.outputFormat().sampleRate();
        return Resampler.resample(collector.samples(), rate, sampleRate);
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Gathers one utterance's little-endian 16-bit PCM from the engine's threads. */
    private static final class Collector implements TtsListener {
        private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile TtsError error;

        @Override
        public synchronized void onAudio(byte[] chunk) {
            pcm.writeBytes(chunk);
        }

        @Override
        public void onEnd() {
            done.countDown();
        }

        @Override
        public void onError(TtsError failure) {
            error = failure;
            done.countDown();
        }

        synchronized short[] samples() {
            byte[] bytes = pcm.toByteArray();
            short[] out = new short[bytes.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
            }
            return out;
        }
    }
}
