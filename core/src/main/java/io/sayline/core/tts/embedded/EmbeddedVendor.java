package io.sayline.core.tts.embedded;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.TtsVendor;
import io.sayline.rtp.transcode.AudioFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline engine: FreeTTS with the kevin16 diphone voice (16 kHz, 16-bit, mono).
 *
 * <p>A FreeTTS {@link Voice} is not thread-safe (docs/dependencies.md, "FreeTTS": sharing one across threads gave
 * NullPointerExceptions and wrong output), so {@code poolSize} voices are allocated at start-up
 * (150–350 ms each) and each synthesis borrows one for the length of a sentence. Synthesis runs on a
 * bounded pool of the same size, never on an event loop. Utterances are spoken sentence by sentence so
 * the first sentence plays while the rest is still being synthesized.
 */
public final class EmbeddedVendor implements TtsVendor {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedVendor.class);
    /** FreeTTS 1.2.2's jar has an empty voice list unless the directory is named (docs/dependencies.md, "FreeTTS"). */
    private static final String VOICE_DIRECTORY = "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory";

    private final String name;
    private final BlockingQueue<Voice> voices;
    private final ExecutorService synthesis;

    public EmbeddedVendor(String name, TtsVendorConfig config) {
        this.name = name;
        int poolSize = config.poolSize();
        this.voices = new ArrayBlockingQueue<>(poolSize);
        long start = System.nanoTime();
        for (int i = 0; i < poolSize; i++) {
            voices.add(allocate(config.voice()));
        }
        log.info("tts {}: {} FreeTTS voice(s) '{}' allocated in {} ms", name, poolSize, config.voice(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        AtomicInteger threads = new AtomicInteger();
        // Work beyond the pool queues: each task holds a voice, and there are exactly poolSize voices.
        this.synthesis = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "tts-" + name + "-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private static Voice allocate(String voiceName) {
        if (System.getProperty("freetts.voices") == null) {
            System.setProperty("freetts.voices", VOICE_DIRECTORY);
        }
        Voice voice = VoiceManager.getInstance().getVoice(voiceName);
        if (voice == null) {
            throw new IllegalStateException("FreeTTS has no voice named '" + voiceName + "'");
        }
        voice.allocate();
        return voice;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AudioFormat outputFormat() {
        return AudioFormat.PCM_16000;
    }

    @Override
    public TtsSession openSession(TtsSessionContext context) {
        return new EmbeddedSession(this);
    }

    /** Runs a synthesis with a borrowed voice, on the synthesis pool. */
    void synthesize(SentenceJob job) {
        synthesis.execute(() -> {
            Voice voice;
            try {
                voice = voices.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                job.run(voice);
            } finally {
                voices.add(voice);
            }
        });
    }

    @Override
    public void close() {
        synthesis.shutdownNow();
        Voice voice;
        while ((voice = voices.poll()) != null) {
            voice.deallocate();
        }
    }

    /** One unit of synthesis work that needs a voice. */
    @FunctionalInterface
    interface SentenceJob {
        void run(Voice voice);
    }
}
