package io.sayline.core.tts.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.SaylineConfig;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedVendorTest {
    private static EmbeddedVendor vendor;

    @BeforeAll
    static void allocate() {
        vendor = new EmbeddedVendor("embedded", SaylineConfig.defaults().vendor("embedded"));
    }

    @AfterAll
    static void release() {
        vendor.close();
    }

    @Test
    void tokensAreSpokenAsLittleEndianSpeechEndingOnce() throws Exception {
        Recorder recorder = new Recorder();
        TtsSession session = vendor.openSession(new TtsSessionContext("c1", null));
        TtsSession.Utterance utterance = session.start("u1", recorder);
        utterance.append("Hello ");
        utterance.append("there. How are ");
        utterance.append("you today?");
        utterance.finish();
        assertTrue(recorder.ended.await(20, TimeUnit.SECONDS));
        byte[] pcm = recorder.audio.toByteArray();
        assertEquals(0, pcm.length % 2);
        double seconds = pcm.length / 2 / 16000.0;
        assertTrue(seconds > 1.0 && seconds < 6.0, "speech lasted " + seconds + " s");
        assertTrue(rmsDbfs(pcm) > -40, "speech level " + rmsDbfs(pcm) + " dBFS");
        assertEquals(1, recorder.ends);
        session.close();
    }

    @Test
    void cancelStopsFurtherAudioAndEnd() throws Exception {
        Recorder recorder = new Recorder();
        TtsSession.Utterance utterance = vendor.openSession(new TtsSessionContext("c2", null)).start("u", recorder);
        utterance.cancel();
        utterance.append("This is never spoken.");
        utterance.finish();
        assertTrue(!recorder.ended.await(300, TimeUnit.MILLISECONDS));
        assertEquals(0, recorder.audio.size());
    }

    /** RMS of little-endian 16-bit PCM in dB relative to full scale. */
    static double rmsDbfs(byte[] pcm) {
        double sum = 0;
        int n = pcm.length / 2;
        for (int i = 0; i < n; i++) {
            int sample = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
            sum += (double) sample * sample;
        }
        return 20 * Math.log10(Math.sqrt(sum / n) / 32768.0);
    }

    private static final class Recorder implements TtsListener {
        final ByteArrayOutputStream audio = new ByteArrayOutputStream();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile int ends;

        @Override
        public synchronized void onAudio(byte[] chunk) {
            audio.writeBytes(chunk);
        }

        @Override
        public void onEnd() {
            ends++;
            ended.countDown();
        }

        @Override
        public void onError(TtsError error) {
            throw new AssertionError(error.toString());
        }
    }
}
