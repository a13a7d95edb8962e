package io.sayline.core.tts.embedded;

import com.sun.speech.freetts.audio.AudioPlayer;
import io.sayline.core.tts.TtsListener;
import java.util.function.BooleanSupplier;

/**
 * Hands FreeTTS's output to a {@link TtsListener} as it is written instead of playing it. FreeTTS writes
 * 16-bit <em>big-endian</em> PCM (docs/dependencies.md, "FreeTTS"); vendors deliver little-endian, so each write is
 * swapped here. An odd trailing byte is carried to the next write, since FreeTTS's write sizes are not promised even.
 */
final class StreamingAudioPlayer implements AudioPlayer {
    private final TtsListener listener;
    private final BooleanSupplier cancelled;
    private javax.sound.sampled.AudioFormat format;
    private int carry = -1;

    StreamingAudioPlayer(TtsListener listener, BooleanSupplier cancelled) {
        this.listener = listener;
        this.cancelled = cancelled;
    }

    @Override
    public boolean write(byte[] audio) {
        return write(audio, 0, audio.length);
    }

    @Override
    public boolean write(byte[] audio, int offset, int length) {
        if (cancelled.getAsBoolean()) {
            return false; // tells FreeTTS to stop this utterance
        }
        int total = length + (carry >= 0 ? 1 : 0);
        byte[] little = new byte[total & ~1];
        int in = offset;
        int out = 0;
        if (carry >= 0 && little.length > 0) {
            little[0] = audio[in++];
            little[1] = (byte) carry;
            out = 2;
            carry = -1;
        }
        while (out + 1 < little.length) {
            byte high = audio[in++];
            little[out++] = audio[in++];
            little[out++] = high;
        }
        if (in < offset + length) {
            carry = audio[in] & 0xFF;
        }
        if (little.length > 0) {
            listener.onAudio(little);
        }
        return true;
    }

    @Override
    public void setAudioFormat(javax.sound.sampled.AudioFormat format) {
        this.format = format;
        if (format.getSampleRate() != 16000f || format.getSampleSizeInBits() != 16 || format.getChannels() != 1) {
            throw new IllegalStateException("embedded voice must produce 16 kHz 16-bit mono, produced " + format);
        }
    }

    @Override
    public javax.sound.sampled.AudioFormat getAudioFormat() {
        return format;
    }

    @Override
    public void begin(int size) {
        // size is only FreeTTS's estimate; nothing to prepare
    }

    @Override
    public boolean end() {
        return !cancelled.getAsBoolean();
    }

    @Override
    public boolean drain() {
        return true;
    }

    @Override
    public void cancel() {
        // cancellation is read from the utterance's flag on the next write
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public void reset() {
    }

    @Override
    public void close() {
    }

    @Override
    public float getVolume() {
        return 1f;
    }

    @Override
    public void setVolume(float volume) {
    }

    @Override
    public long getTime() {
        return 0;
    }

    @Override
    public void resetTime() {
    }

    @Override
    public void startFirstSampleTimer() {
    }

    @Override
    public void showMetrics() {
    }
}
