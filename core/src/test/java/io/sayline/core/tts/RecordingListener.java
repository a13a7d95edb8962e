package io.sayline.core.tts;

import io.sayline.rtp.transcode.AudioFormat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records every callback in order; {@link #awaitDone()} waits for the end or the error. */
public final class RecordingListener implements TtsListener {
    private static final long WAIT_SECONDS = 10;

    public final List<String> events = new ArrayList<>();
    public final List<Alignment> alignments = new ArrayList<>();
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch firstAudio = new CountDownLatch(1);
    public volatile TtsError error;
    public volatile TtsError fallbackError;
    public volatile String fallbackVendor;
    public volatile AudioFormat formatChange;
    private int audioCalls;

    @Override
    public synchronized void onRequestSent() {
        events.add("sent");
    }

    @Override
    public synchronized void onAudio(byte[] chunk) {
        if (events.isEmpty() || !events.get(events.size() - 1).equals("audio")) {
            events.add("audio");
        }
        audioCalls++;
        audio.writeBytes(chunk);
        firstAudio.countDown();
    }

    @Override
    public synchronized void onAlignment(Alignment alignment) {
        events.add("alignment");
        alignments.add(alignment);
    }

    @Override
    public synchronized void onEnd() {
        events.add("end");
        done.countDown();
    }

    @Override
    public synchronized void onError(TtsError e) {
        events.add("error:" + e.code());
        error = e;
        done.countDown();
    }

    @Override
    public synchronized void onFallback(TtsError e, String vendorName) {
        events.add("fallback:" + vendorName);
        fallbackError = e;
        fallbackVendor = vendorName;
    }

    @Override
    public synchronized void onFormatChange(AudioFormat format) {
        events.add("format:" + format);
        formatChange = format;
    }

    public RecordingListener awaitDone() throws InterruptedException {
        if (!done.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("utterance did not end; events so far: " + snapshot());
        }
        return this;
    }

    public void awaitFirstAudio() throws InterruptedException {
        if (!firstAudio.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no audio; events so far: " + snapshot());
        }
    }

    public synchronized byte[] audio() {
        return audio.toByteArray();
    }

    public synchronized int audioCalls() {
        return audioCalls;
    }

    public synchronized List<String> snapshot() {
        return List.copyOf(events);
    }
}
