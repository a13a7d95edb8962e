package io.sayline.core.tts.elevenlabs.warmup;

import io.netty.channel.EventLoopGroup;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.elevenlabs.ElevenLabsVendor;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.transcode.AudioFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs an ElevenLabs vendor block's own client, in its configured mode and output format, against a
 * {@link LoopbackVendor} before SIP is bound: {@link #SESSIONS} sessions on the server's vendor I/O loops say
 * {@link #UTTERANCES} utterances between them, and their audio is transcoded to the calls' codec as a call's is.
 *
 * <p>Why: the start-up warm-up calls speak with the embedded engine, so on a cold server the vendor path (Netty's
 * HTTP and WebSocket codecs and buffers, Jackson, base64, the clients, the transcoders) was compiled while the
 * first hundreds of calls arrived, by a compiler thread the {@code SCHED_FIFO} pacing loops leave little CPU: at
 * 1,000 calls placed at 50/s it compiled 1,128 methods during the ramp, most of them this path's, some taking
 * 0.4-1 s. With this warm-up, 661-683 methods are compiled before the first call instead of 349, and 808-876
 * during the calls (docs/performance.md, "No lock on the loops, the vendor clients warmed").
 *
 * <p>What it cannot warm: TLS (the stand-in is plain HTTP; {@code https} adds the JDK's TLS code) and MP3 output
 * (the stand-in has no MP3 encoder): such a block is warmed without TLS, or not at all for MP3.
 */
public final class VendorWarmUp {
    /** The vendor's name in its threads and log lines. */
    static final String VENDOR_NAME = "warmup";
    /** About the calls one vendor I/O loop serves at once during a ramp, for both loops of a 2-core machine. */
    static final int SESSIONS = 32;
    /**
     * Enough for the per-chunk code to pass the optimising compiler's thresholds (about 10,000 calls or loop
     * iterations): 2,000 utterances of {@link #SENTENCE} bring 16,000 chunks.
     */
    static final int UTTERANCES = 2000;
    /** The warm-up gives up after this long whatever is left (a stuck stand-in must not hold the start). */
    static final Duration DEADLINE = Duration.ofSeconds(20);
    /** A clause break in the middle, so HTTP streaming cuts it into two pipelined requests as it does for bots. */
    static final String SENTENCE = "One moment, let me check.";

    /**
     * What a warm-up did.
     *
     * @param utterances utterances that ended with all their audio
     * @param failures   utterances that failed (a vendor error, or not ended by the deadline)
     * @param frames     20 ms G.711 frames their audio gave
     */
    public record Result(int utterances, int failures, long frames, long millis) {
    }

    private VendorWarmUp() {
    }

    /**
     * The ElevenLabs blocks among {@code blocks} that run distinct client code: one per streaming mode and output
     * format (voices, models and keys do not change what is compiled).
     */
    public static List<TtsVendorConfig> distinctClients(Collection<TtsVendorConfig> blocks) {
        Map<String, TtsVendorConfig> byClient = new LinkedHashMap<>();
        for (TtsVendorConfig block : blocks) {
            if (block.isElevenLabs()) {
                byClient.putIfAbsent(client(block), block);
            }
        }
        return List.copyOf(byClient.values());
    }

    /** The client a block runs, for the log: its streaming mode, with its options, and its output format. */
    public static String client(TtsVendorConfig block) {
        String streaming = block.streaming() == null ? "websocket" : block.streaming();
        String options = switch (streaming) {
            case "websocket" -> Boolean.TRUE.equals(block.multiContext()) ? " multi-context" : "";
            case "http" -> Boolean.TRUE.equals(block.alignment()) ? " with timestamps" : "";
            default -> "";
        };
        return "streaming " + streaming + options + ", " + block.outputFormat();
    }

    /** Whether {@link #run} can warm a block of this output format (PCM and G.711, not MP3). */
    public static boolean canWarm(TtsVendorConfig config) {
        return AudioFormat.parse(config.outputFormat()).encoding() != AudioFormat.Encoding.MP3;
    }

    /** Runs {@code config}'s client on {@code io}; blocks until it ends (at most {@link #DEADLINE}). */
    public static Result run(TtsVendorConfig config, G711Codec codec, EventLoopGroup io) throws InterruptedException {
        return run(config, codec, io, UTTERANCES);
    }

    /** As {@link #run(TtsVendorConfig, G711Codec, EventLoopGroup)}, with {@code utterances} instead. */
    static Result run(TtsVendorConfig config, G711Codec codec, EventLoopGroup io, int utterances)
            throws InterruptedException {
        long start = System.nanoTime();
        AudioFormat format = AudioFormat.parse(config.outputFormat());
        try (LoopbackVendor stand = LoopbackVendor.start(format);
             ElevenLabsVendor vendor = new ElevenLabsVendor(VENDOR_NAME, config.pointedAt(stand.baseUrl()))) {
            Utterances plan = new Utterances(utterances, format, codec);
            List<TtsSession> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                TtsSession session = vendor.openSession(new TtsSessionContext(VENDOR_NAME + "-" + i, null, io.next()));
                sessions.add(session);
                plan.next(session);
            }
            boolean ended = plan.await(DEADLINE);
            sessions.forEach(TtsSession::close);
            int failures = plan.failures.get() + (ended ? 0 : plan.unfinished());
            return new Result(plan.succeeded.get(), failures, plan.frames.sum(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /** Hands out the utterances to sessions one after another and counts what comes of them. */
    static final class Utterances {
        private final AtomicInteger left;
        private final CountDownLatch done;
        private final AudioFormat format;
        private final G711Codec codec;
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final LongAdder frames = new LongAdder();

        Utterances(int count, AudioFormat format, G711Codec codec) {
            this.left = new AtomicInteger(count);
            this.done = new CountDownLatch(count);
            this.format = format;
            this.codec = codec;
        }

        /** Starts the next utterance on {@code session}, if any is left; every other one streamed as tokens. */
        void next(TtsSession session) {
            int number = left.getAndDecrement();
            if (number <= 0) {
                return;
            }
            TtsSession.Utterance utterance = session.start("warmup-" + number,
                    new TranscodingListener(format, codec, frames, ok -> ended(session, ok)));
            if (number % 2 == 0) {
                for (String token : SENTENCE.split("(?<= )")) {
                    utterance.append(token);
                }
            } else {
                utterance.append(SENTENCE);
            }
            utterance.finish();
        }

        private void ended(TtsSession session, boolean ok) {
            (ok ? succeeded : failures).incrementAndGet();
            done.countDown();
            next(session);
        }

        boolean await(Duration deadline) throws InterruptedException {
            return done.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }

        int unfinished() {
            return (int) done.getCount();
        }
    }
}
