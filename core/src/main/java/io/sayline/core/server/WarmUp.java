package io.sayline.core.server;

import io.netty.channel.EventLoopGroup;
import io.sayline.config.RecordsConfig;
import io.sayline.config.RouteConfig;
import io.sayline.config.SaylineConfig;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.bot.BuiltinBots;
import io.sayline.core.bot.WarmUpBot;
import io.sayline.core.call.CallManager;
import io.sayline.core.call.CallRegistry;
import io.sayline.core.tts.elevenlabs.warmup.VendorWarmUp;
import io.sayline.rtp.g711.G711Codec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before SIP is bound, places in-process calls on every call loop through the whole call path: RTP port and
 * pacer, the control channel to the built-in warm-up bot over loopback WebSocket, embedded synthesis,
 * resampling, G.711 and playout, then the bot's hangup and the teardown.
 *
 * <p>Why: on a cold JVM the first calls load and compile all of that code on the pacing loops while other
 * calls' frames are due. Measured with 20 SIPp calls straight after start-up, the frames paced during the
 * first half second were late by up to 20 ms. Eight concurrent calls per loop take no longer than one (about
 * 2 s, the length of the bot's utterance) and take the per-call code eight times further towards the JIT's
 * compile thresholds: over four runs each, the streams whose own |interval - 20 ms| p99 stayed within 2 ms
 * were 19, 19, 20, 20 of 20 with eight, and 20, 19, 16, 14 with one.
 *
 * <p>The calls run on their own {@link CallManager} and registry, so they appear in neither {@code /calls} nor
 * the metrics.
 */
final class WarmUp {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    static final Duration DEADLINE = Duration.ofSeconds(15);
    static final int CALLS_PER_LOOP = 8;

    private WarmUp() {
    }

    /** The configuration of the warm-up calls: the server's, with one route to the warm-up bot. */
    static SaylineConfig config(SaylineConfig server, String vendorName) {
        RouteConfig route = new RouteConfig(".*", BuiltinBots.SCHEME + WarmUpBot.NAME, vendorName, null);
        return new SaylineConfig(server.sip(), server.rtp(), server.playout(), server.http(), server.control(),
                List.of(route), server.tts(), server.stt(), server.bargeIn(), server.drain(),
                new RecordsConfig(null, false, server.records().maxBytes(), server.records().keep()),
                server.admin(), server.state(), server.security());
    }

    /**
     * Places {@link #CALLS_PER_LOOP} calls per loop through {@code calls} and waits until they have ended;
     * never fails the start-up (a warm-up that goes wrong is logged, and the server runs cold).
     *
     * @return the RTP packets the calls sent: 0 when the warm-up failed
     */
    static int run(CallManager calls, CallRegistry registry, int loops, G711Codec codec) {
        long start = System.nanoTime();
        List<WarmUpCall> placed = place(calls, loops * CALLS_PER_LOOP, codec);
        awaitEnd(calls, registry);
        int packets = placed.stream().mapToInt(WarmUpCall::closeAndCountPackets).sum();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long collectMillis = collectGarbage();
        if (packets == 0) {
            log.warn("warm-up: {} call(s) sent no RTP in {} ms; the first calls will meet cold code", placed.size(),
                    millis);
        } else {
            log.info("warm-up: {} call(s) through the call path in {} ms, {} RTP packets sent; its garbage collected"
                    + " in {} ms", placed.size(), millis, packets, collectMillis);
        }
        return packets;
    }

    /**
     * The warm-up leaves 145-160 MB of garbage (-Xlog:gc), and a call of the demo greeting allocates about 8 MB
     * more, so the young generation's first collection, a pause of every stream at once, fell into the first
     * few dozen real calls: a capture of 20 calls showed one such 23 ms stall. Collected now, before SIP is
     * bound (about 120 ms), it costs nobody.
     */
    private static long collectGarbage() {
        long start = System.nanoTime();
        System.gc();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * Runs each distinct ElevenLabs client among {@code blocks} against a stand-in on loopback
     * ({@link VendorWarmUp}, which says why); never fails the start-up.
     *
     * @return the utterances that came back with all their audio
     */
    static int vendors(Collection<TtsVendorConfig> blocks, G711Codec codec, EventLoopGroup io) {
        int utterances = 0;
        for (TtsVendorConfig block : VendorWarmUp.distinctClients(blocks)) {
            String client = VendorWarmUp.client(block);
            if (!VendorWarmUp.canWarm(block)) {
                log.info("warm-up: ElevenLabs {} not warmed: the stand-in speaks PCM and G.711 only", client);
                continue;
            }
            try {
                VendorWarmUp.Result result = VendorWarmUp.run(block, codec, io);
                utterances += result.utterances();
                log.info("warm-up: ElevenLabs {}: {} utterance(s), {} frames, {} failed, in {} ms", client,
                        result.utterances(), result.frames(), result.failures(), result.millis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return utterances;
            } catch (RuntimeException e) {
                log.warn("warm-up: ElevenLabs {} not warmed: {}", client, e.toString());
            }
        }
        return utterances;
    }

    private static List<WarmUpCall> place(CallManager calls, int count, G711Codec codec) {
        List<WarmUpCall> placed = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                WarmUpCall call = new WarmUpCall("warmup-" + i, codec, calls);
                placed.add(call);
                calls.onInvite(call);
            }
        } catch (IOException e) {
            log.warn("warm-up call not placed: {}", e.toString());
        }
        return placed;
    }

    private static void awaitEnd(CallManager calls, CallRegistry registry) {
        try {
            if (!registry.awaitEmpty(DEADLINE.toMillis())) {
                log.warn("warm-up calls still running after {} s: ending them", DEADLINE.toSeconds());
                calls.endAll();
                registry.awaitEmpty(DEADLINE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
