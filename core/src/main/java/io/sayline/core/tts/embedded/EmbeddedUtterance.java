package io.sayline.core.tts.embedded;

import com.sun.speech.freetts.Voice;
import io.sayline.core.tts.TextSegmenter;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * One utterance on the embedded engine. Text is cut into sentences as it arrives; sentences are
 * synthesized strictly one after another (a serial drain on the shared pool), so the first sentence
 * is heard while later ones are still being written or synthesized.
 */
final class EmbeddedUtterance implements TtsSession.Utterance {
    private final EmbeddedVendor vendor;
    private final TtsListener listener;
    private final Consumer<EmbeddedUtterance> onDone;
    private final TextSegmenter segmenter = TextSegmenter.sentences();

    // guarded by this
    private final Queue<String> sentences = new ArrayDeque<>();
    private boolean draining;
    private boolean finished;
    private boolean requestReported;
    private boolean done;
    private volatile boolean cancelled;

    EmbeddedUtterance(EmbeddedVendor vendor, TtsListener listener, Consumer<EmbeddedUtterance> onDone) {
        this.vendor = vendor;
        this.listener = listener;
        this.onDone = onDone;
    }

    @Override
    public synchronized void append(String text) {
        if (finished || cancelled) {
            return;
        }
        segmenter.append(text);
        for (String sentence = segmenter.next(); sentence != null; sentence = segmenter.next()) {
            sentences.add(sentence);
        }
        scheduleDrain();
    }

    @Override
    public synchronized void finish() {
        if (finished || cancelled) {
            return;
        }
        finished = true;
        String rest = segmenter.rest();
        if (rest != null) {
            sentences.add(rest);
        }
        scheduleDrain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        synchronized (this) {
            sentences.clear();
            done = true;
        }
        onDone.accept(this);
    }

    // guarded by this
    private void scheduleDrain() {
        if (draining) {
            return;
        }
        if (sentences.isEmpty()) {
            completeIfFinished();
            return;
        }
        draining = true;
        if (!requestReported) {
            requestReported = true;
            listener.onRequestSent();
        }
        vendor.synthesize(this::drain);
    }

    /** Runs on the synthesis pool with a borrowed voice; speaks queued sentences until none is left. */
    private void drain(Voice voice) {
        while (true) {
            String sentence;
            synchronized (this) {
                sentence = cancelled ? null : sentences.poll();
                if (sentence == null) {
                    draining = false;
                    if (!cancelled) {
                        completeIfFinished();
                    }
                    return;
                }
            }
            if (!speak(voice, sentence)) {
                return;
            }
        }
    }

    private boolean speak(Voice voice, String sentence) {
        StreamingAudioPlayer player = new StreamingAudioPlayer(listener, () -> cancelled);
        voice.setAudioPlayer(player);
        try {
            voice.speak(sentence);
            return true;
        } catch (RuntimeException e) {
            fail(new TtsError("embedded_failed", "FreeTTS failed: " + e, false));
            return false;
        }
    }

    private void fail(TtsError error) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            draining = false;
            sentences.clear();
        }
        listener.onError(error);
        onDone.accept(this);
    }

    // guarded by this
    private void completeIfFinished() {
        if (finished && !done) {
            done = true;
            listener.onEnd();
            onDone.accept(this);
        }
    }
}
