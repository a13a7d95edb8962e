package io.sayline.tools.elsim;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sound.sampled.AudioFormat;

/**
 * Real (robotic) speech from the embedded FreeTTS kevin16 voice. A FreeTTS Voice is not thread-safe
 * (FACTS.md: shared use gave NPEs and wrong audio), so each concurrent synthesis borrows one Voice
 * from a small pool allocated at start-up.
 */
final class FreeTtsSource implements SpeechSource {
    private static final String VOICES_PROPERTY = "freetts.voices";
    private static final String KEVIN_DIRECTORY = "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory";
    private static final String VOICE_NAME = "kevin16";

    private final BlockingQueue<PooledVoice> pool;

    FreeTtsSource(int voices) {
        if (voices < 1) {
            throw new IllegalArgumentException("voices must be >= 1, was " + voices);
        }
        // The jar's built-in voice list is empty: without this property VoiceManager returns null.
        if (System.getProperty(VOICES_PROPERTY) == null) {
            System.setProperty(VOICES_PROPERTY, KEVIN_DIRECTORY);
        }
        pool = new ArrayBlockingQueue<>(voices);
        for (int i = 0; i < voices; i++) {
            pool.add(new PooledVoice());
        }
    }

    @Override
    public short[] render(String text, int sampleRate) throws InterruptedException {
        if (text.isBlank()) {
            return new short[0];
        }
        PooledVoice voice = pool.take();
        try {
            return Resampler.resample(voice.speak(text), voice.sampleRate(), sampleRate);
        } finally {
            pool.add(voice);
        }
    }

    @Override
    public void close() {
        for (PooledVoice v : pool) {
            v.voice.deallocate();
        }
    }

    private static final class PooledVoice {
        private final Voice voice;
        private final CapturePlayer player = new CapturePlayer();

        PooledVoice() {
            voice = VoiceManager.getInstance().getVoice(VOICE_NAME);
            if (voice == null) {
                throw new IllegalStateException("FreeTTS voice " + VOICE_NAME + " not found");
            }
            voice.allocate();
            voice.setAudioPlayer(player);
        }

        int sampleRate() {
            AudioFormat f = player.format;
            return f == null ? 16000 : (int) f.getSampleRate();
        }

        short[] speak(String text) {
            player.buffer.reset();
            voice.speak(text);
            byte[] bytes = player.buffer.toByteArray();
            boolean bigEndian = player.format == null || player.format.isBigEndian();
            short[] out = new short[bytes.length / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = bigEndian ? bytes[2 * i] : bytes[2 * i + 1];
                int lo = bigEndian ? bytes[2 * i + 1] : bytes[2 * i];
                out[i] = (short) ((hi << 8) | (lo & 0xFF));
            }
            return out;
        }
    }

    /** Collects what FreeTTS "plays" (it calls write() from the Voice's own output thread). */
    private static final class CapturePlayer implements AudioPlayer {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        volatile AudioFormat format;

        @Override public void setAudioFormat(AudioFormat f) { format = f; }
        @Override public AudioFormat getAudioFormat() { return format; }
        @Override public void pause() { }
        @Override public void resume() { }
        @Override public void reset() { }
        @Override public boolean drain() { return true; }
        @Override public void begin(int size) { }
        @Override public boolean end() { return true; }
        @Override public void cancel() { }
        @Override public void close() { }
        @Override public float getVolume() { return 1f; }
        @Override public void setVolume(float v) { }
        @Override public long getTime() { return 0; }
        @Override public void resetTime() { }
        @Override public void startFirstSampleTimer() { }
        @Override public boolean write(byte[] b) { return write(b, 0, b.length); }
        @Override public synchronized boolean write(byte[] b, int off, int len) {
            synchronized (buffer) {
                buffer.write(b, off, len);
            }
            return true;
        }
        @Override public void showMetrics() { }
    }
}
