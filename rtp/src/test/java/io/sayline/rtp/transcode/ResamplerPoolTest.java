package io.sayline.rtp.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sayline.rtp.g711.G711Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResamplerPoolTest {
    private static final byte[] CHUNK = new byte[640]; // 20 ms of pcm_16000: enough to take a resampler

    @Test
    void aThreadKeepsTheResamplersOfEndedStreamsUpToItsLimitAndHandsThemOut() throws Exception {
        // A thread of its own, so that no other test's streams are in its pool.
        FutureTask<int[]> run = new FutureTask<>(() -> {
            List<Transcoder> open = new ArrayList<>();
            for (int i = 0; i < DecodingTranscoder.MAX_SPARE + 10; i++) {
                open.add(started());
            }
            int whileOpen = DecodingTranscoder.spares();
            open.forEach(Transcoder::end);
            int afterEnd = DecodingTranscoder.spares();
            started();
            return new int[] {whileOpen, afterEnd, DecodingTranscoder.spares()};
        });
        Thread thread = new Thread(run, "resampler-pool-test");
        thread.start();
        int[] spares = run.get(30, TimeUnit.SECONDS);
        assertArrayEquals(new int[] {0, DecodingTranscoder.MAX_SPARE, DecodingTranscoder.MAX_SPARE - 1}, spares,
                "spares while streams run, after they end (ten beyond the limit dropped), after one more starts");
    }

    private static Transcoder started() {
        Transcoder transcoder = Transcoder.create(AudioFormat.PCM_16000, G711Codec.PCMU, frame -> { });
        transcoder.write(CHUNK, 0, CHUNK.length);
        return transcoder;
    }
}
