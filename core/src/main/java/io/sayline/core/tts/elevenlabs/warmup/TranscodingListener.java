package io.sayline.core.tts.elevenlabs.warmup;

import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.transcode.AudioFormat;
import io.sayline.rtp.transcode.Transcoder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A warm-up utterance's listener: transcodes its audio to G.711 frames as a call's does on the same vendor thread,
 * counts them, and reports once whether the utterance ended with all its audio.
 */
final class TranscodingListener implements TtsListener {
    private final AudioFormat format;
    private final G711Codec codec;
    private final LongAdder frames;
    private final Consumer<Boolean> ended;
    private Transcoder transcoder; // made at the first chunk, on the vendor thread, as a call's is

    TranscodingListener(AudioFormat format, G711Codec codec, LongAdder frames, Consumer<Boolean> ended) {
        this.format = format;
        this.codec = codec;
        this.frames = frames;
        this.ended = ended;
    }

    @Override
    public void onAudio(byte[] chunk) {
        if (transcoder == null) {
            transcoder = Transcoder.create(format, codec, frame -> frames.increment());
        }
        transcoder.write(chunk, 0, chunk.length);
    }

    @Override
    public void onEnd() {
        endTranscoder();
        ended.accept(true);
    }

    @Override
    public void onError(TtsError error) {
        endTranscoder();
        ended.accept(false);
    }

    private void endTranscoder() {
        if (transcoder != null) {
            transcoder.end();
        }
    }
}
