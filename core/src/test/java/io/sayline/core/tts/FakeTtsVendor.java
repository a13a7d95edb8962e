package io.sayline.core.tts;

import io.sayline.rtp.transcode.AudioFormat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A vendor that "speaks" the text as its UTF-8 bytes when an utterance finishes, on the caller's thread. */
public final class FakeTtsVendor implements TtsVendor {
    private final String name;
    private final AudioFormat format;
    /** The whole text of each finished utterance, in order. */
    public final List<String> spoken = new CopyOnWriteArrayList<>();
    public volatile int sessionsOpened;
    public volatile boolean closed;

    public FakeTtsVendor(String name, AudioFormat format) {
        this.name = name;
        this.format = format;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AudioFormat outputFormat() {
        return format;
    }

    @Override
    public TtsSession openSession(TtsSessionContext context) {
        sessionsOpened++;
        return new TtsSession() {
            @Override
            public Utterance start(String utteranceId, TtsListener listener) {
                StringBuilder text = new StringBuilder();
                return new Utterance() {
                    @Override
                    public void append(String piece) {
                        text.append(piece);
                    }

                    @Override
                    public void finish() {
                        spoken.add(text.toString());
                        listener.onAudio(text.toString().getBytes(StandardCharsets.UTF_8));
                        listener.onEnd();
                    }

                    @Override
                    public void cancel() {
                        text.setLength(0); // nothing runs in the background to stop
                    }
                };
            }

            @Override
            public void close() {
                sessionsOpened--;
            }
        };
    }

    @Override
    public void close() {
        closed = true;
    }
}
