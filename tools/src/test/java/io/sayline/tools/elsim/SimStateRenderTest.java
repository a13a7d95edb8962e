package io.sayline.tools.elsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests for the same text while it renders share that render: a burst of calls is one render, not one each. */
class SimStateRenderTest {
    private static final OutputFormat PCM_16000 = OutputFormat.parse("pcm_16000").orElseThrow();

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger renders = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final SimState state = new SimState(new ObjectMapper(), null, new AudioRenderer(new SpeechSource() {
        @Override
        public short[] render(String text, int sampleRate) throws InterruptedException {
            renders.incrementAndGet();
            release.await();
            return new short[sampleRate / 10];
        }
    }), pool, SimKnobs.DEFAULTS);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void aHundredRequestsDuringOneRenderShareIt() throws Exception {
        List<CompletableFuture<RenderedAudio>> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(state.render("Hello there.", PCM_16000));
        }
        release.countDown();

        RenderedAudio first = burst.get(0).get(5, TimeUnit.SECONDS);
        for (CompletableFuture<RenderedAudio> f : burst) {
            assertSame(first, f.get(5, TimeUnit.SECONDS));
        }
        assertEquals(1, renders.get());
        assertSame(first, state.render("Hello there.", PCM_16000).get(5, TimeUnit.SECONDS), "then from the cache");
        assertEquals(1, renders.get());
    }

    @Test
    void anotherTextRendersOnItsOwn() throws Exception {
        CompletableFuture<RenderedAudio> hello = state.render("Hello there.", PCM_16000);
        CompletableFuture<RenderedAudio> bye = state.render("Goodbye.", PCM_16000);
        release.countDown();

        hello.get(5, TimeUnit.SECONDS);
        bye.get(5, TimeUnit.SECONDS);
        assertEquals(2, renders.get());
    }
}
