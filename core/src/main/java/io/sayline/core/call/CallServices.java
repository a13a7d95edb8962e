package io.sayline.core.call;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.sayline.config.SaylineConfig;
import io.sayline.core.speech.OffLoopTtsSession;
import io.sayline.core.stt.SttVendors;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.records.CallRecord;
import io.sayline.core.tts.TtsVendor;
import io.sayline.rtp.clock.MonotonicClock;
import io.sayline.rtp.pacer.Pacers;
import io.sayline.rtp.session.PortPool;
import java.net.URI;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every call shares: configuration, the RTP port pool, one pacer per event loop, the TTS vendors,
 * metrics and the live-call registry. Immutable after start-up.
 *
 * @param vendors       TTS vendors by configured name
 * @param apologyVendor the embedded engine, which speaks when the bot is unreachable or gone
 * @param builtinBots   where the built-in bot of a name is served (Sayline's own HTTP server)
 * @param sipActions    where SIP responses and requests are sent from: JAIN SIP's send paths take its
 *                      locks and can block for milliseconds, which must never happen on a pacing loop
 * @param records       where each ended call's record goes; must not block (a queue)
 * @param ttsIo         the threads every call's vendor work is queued to, so the loops share no lock with
 *                      vendor threads ({@link OffLoopTtsSession})
 * @param stt           the realtime speech-to-text blocks a call's {@code transcribe} opens streams of
 * @param voices        the voice of a new call's route and the settings of each voice: the file's, and the
 *                      admin page's when it is on
 */
record CallServices(
        SaylineConfig config,
        PortPool ports,
        Pacers pacers,
        Function<String, TtsVendor> vendors,
        TtsVendor apologyVendor,
        CallMetrics metrics,
        CallRegistry registry,
        Function<String, URI> builtinBots,
        MonotonicClock clock,
        Executor sipActions,
        Consumer<CallRecord> records,
        EventLoopGroup ttsIo,
        SttVendors stt,
        VoiceCatalog voices) {

    /** Opens {@code vendor}'s session for call {@code callId}, its vendor work on {@code io} (one of {@link #ttsIo}). */
    TtsSession openTts(EventLoop io, TtsVendor vendor, TtsSessionContext context) {
        return OffLoopTtsSession.open(io, context.callId(), () -> vendor.openSession(context.on(io)));
    }
}
