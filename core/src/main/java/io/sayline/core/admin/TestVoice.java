package io.sayline.core.admin;

import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.TtsVendor;
import io.sayline.rtp.transcode.AudioFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The edit page's Test voice: one sample sentence through a service's vendor, exactly as a call would send it,
 * with two figures: the vendor's first byte (request sent → first audio) and Sayline's TTFA (utterance started →
 * first audio). Runs on an admin thread and waits (bounded); the audio comes back as a playable file.
 */
final class TestVoice {
    static final String SENTENCE = "Hello, this is a test of the speech service.";
    static final long TIMEOUT_SECONDS = 20;
    /** A sample far longer than the sentence could be is cut here: memory stays bounded. */
    static final int MAX_AUDIO_BYTES = 4 * 1024 * 1024;
    private static final AtomicInteger TESTS = new AtomicInteger();

    /** What a test gives: the audio as a file ({@code contentType}), the figures, or the error. */
    record Result(byte[] audio, String contentType, Long vendorFirstByteMs, Long ttfaMs, String error) {
    }

    private TestVoice() {
    }

    static Result run(TtsVendor vendor) throws InterruptedException {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        CountDownLatch done = new CountDownLatch(1);
        long[] times = new long[2]; // request sent, first audio (nanos); guarded by audio
        String[] error = new String[1];
        long start = System.nanoTime();
        TtsListener listener = new TtsListener() {
            @Override
            public void onRequestSent() {
                synchronized (audio) {
                    times[0] = times[0] == 0 ? System.nanoTime() : times[0];
                }
            }

            @Override
            public void onAudio(byte[] chunk) {
                synchronized (audio) {
                    times[1] = times[1] == 0 ? System.nanoTime() : times[1];
                    if (audio.size() + chunk.length <= MAX_AUDIO_BYTES) {
                        audio.write(chunk, 0, chunk.length);
                    }
                }
            }

            @Override
            public void onEnd() {
                done.countDown();
            }

            @Override
            public void onError(TtsError e) {
                synchronized (audio) {
                    error[0] = e.code() + ": " + e.message();
                }
                done.countDown();
            }
        };
        try (TtsSession session = vendor.openSession(new TtsSessionContext("admin-test-" + TESTS.incrementAndGet(), null))) {
            TtsSession.Utterance utterance = session.start("test", listener);
            utterance.append(SENTENCE);
            utterance.finish();
            if (!done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                utterance.cancel();
                return new Result(null, null, null, null, "no end of audio within " + TIMEOUT_SECONDS + " s");
            }
        }
        synchronized (audio) {
            if (error[0] != null) {
                return new Result(null, null, null, null, error[0]);
            }
            Long firstByte = times[0] == 0 || times[1] == 0 ? null : (times[1] - times[0]) / 1_000_000;
            Long ttfa = times[1] == 0 ? null : (times[1] - start) / 1_000_000;
            AudioFormat format = vendor.outputFormat();
            return format.encoding() == AudioFormat.Encoding.MP3
                    ? new Result(audio.toByteArray(), "audio/mpeg", firstByte, ttfa, null)
                    : new Result(wav(format, audio.toByteArray()), "audio/wav", firstByte, ttfa, null);
        }
    }

    /** A WAV file (RIFF, https://www.mmsp.ece.mcgill.ca/Documents/AudioFormats/WAVE/WAVE.html) around raw samples. */
    static byte[] wav(AudioFormat format, byte[] samples) {
        int formatTag = switch (format.encoding()) {
            case ULAW -> 7;
            case ALAW -> 6;
            default -> 1;
        };
        int bits = formatTag == 1 ? 16 : 8;
        int blockAlign = bits / 8;
        ByteBuffer wav = ByteBuffer.allocate(44 + samples.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + samples.length)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) formatTag).putShort((short) 1).putInt(format.sampleRate())
                .putInt(format.sampleRate() * blockAlign).putShort((short) blockAlign).putShort((short) bits)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(samples.length).put(samples);
        return wav.array();
    }
}
