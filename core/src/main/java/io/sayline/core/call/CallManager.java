package io.sayline.core.call;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.sayline.config.RouteConfig;
import io.sayline.sip.EndReason;
import io.sayline.sip.InboundCall;
import io.sayline.sip.admission.DigestCredentials;
import io.sayline.sip.RemoteMedia;
import io.sayline.sip.SipCallListener;
import io.sayline.config.SaylineConfig;
import io.sayline.core.metrics.Metrics;
import io.sayline.core.records.CallRecord;
import io.sayline.core.stt.SttVendors;
import io.sayline.core.tts.TtsVendor;
import io.sayline.rtp.clock.MonotonicClock;
import io.sayline.rtp.pacer.Pacers;
import io.sayline.rtp.session.PortPool;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIP events into calls: routes each new INVITE, pins the call to an event loop (round robin over
 * the group, so calls spread over the cores), and hands every later SIP event to that loop.
 *
 * <p>Threading: the SIP callbacks run on JAIN SIP threads and only hand over; calls live on their loops.
 */
public final class CallManager implements SipCallListener {
    private static final Logger log = LoggerFactory.getLogger(CallManager.class);

    /** Calls are spread over the loops by our own round robin: other users of the group's next() would skew it. */
    private final List<EventLoop> loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final CallServices services;

    CallManager(EventLoopGroup group, CallServices services) {
        List<EventLoop> all = new ArrayList<>();
        group.forEach(executor -> all.add((EventLoop) executor));
        this.loops = List.copyOf(all);
        this.services = services;
    }

    /**
     * @param pacers        the pacer of each loop of {@code loops}
     * @param vendors       TTS vendors by configured name
     * @param apologyVendor the embedded engine, heard when a bot is unreachable
     * @param builtinBots   where the built-in bot of a name is served
     * @param sipActions    one thread that sends SIP on the calls' behalf, in order
     * @param records       takes each ended call's record; must not block
     * @param ttsIo         the threads vendor work is queued to, off the call loops
     * @param stt           the speech-to-text blocks, for the bots' {@code transcribe}
     */
    public static CallManager create(EventLoopGroup loops, SaylineConfig config, PortPool ports,
            Pacers pacers, Function<String, TtsVendor> vendors, TtsVendor apologyVendor,
            Metrics metrics, CallRegistry registry, Function<String, URI> builtinBots, Executor sipActions,
            Consumer<CallRecord> records, EventLoopGroup ttsIo, SttVendors stt) {
        return create(loops, config, ports, pacers, vendors, apologyVendor, metrics, registry, builtinBots, sipActions,
                records, ttsIo, stt, VoiceCatalog.of(config));
    }

    /** As above; {@code voices} adds the admin page's services and route voices to the file's. */
    public static CallManager create(EventLoopGroup loops, SaylineConfig config, PortPool ports,
            Pacers pacers, Function<String, TtsVendor> vendors, TtsVendor apologyVendor,
            Metrics metrics, CallRegistry registry, Function<String, URI> builtinBots, Executor sipActions,
            Consumer<CallRecord> records, EventLoopGroup ttsIo, SttVendors stt, VoiceCatalog voices) {
        return new CallManager(loops, new CallServices(config, ports, pacers, vendors, apologyVendor,
                new CallMetrics(metrics), registry, builtinBots, MonotonicClock.system(), sipActions, records, ttsIo,
                stt, voices));
    }

    @Override
    public Optional<DigestCredentials> credentialsFor(String requestUser) {
        return services.config().route(requestUser).map(RouteConfig::auth)
                .map(auth -> new DigestCredentials(auth.realm(), auth.users()));
    }

    @Override
    public void onInvite(InboundCall sipCall) {
        Optional<RouteConfig> route = services.config().route(sipCall.requestUser()).map(services.voices()::voiceOf);
        if (route.isEmpty()) {
            log.info("call {}: no route for '{}': 404", sipCall.id(), sipCall.requestUser());
            sipCall.reject(404, "No route for " + sipCall.requestUser());
            return;
        }
        EventLoop loop = loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
        Call call = new Call(sipCall, loop, services, route.get());
        services.registry().add(call);
        services.metrics().callsStarted.increment();
        loop.execute(call::start);
    }

    @Override
    public void onAck(InboundCall sipCall) {
        onLoop(sipCall, Call::onAck);
    }

    @Override
    public void onMediaUpdate(InboundCall sipCall, RemoteMedia media) {
        onLoop(sipCall, call -> call.onMediaUpdate(media));
    }

    @Override
    public void onDtmfInfo(InboundCall sipCall, char digit, int durationMs) {
        onLoop(sipCall, call -> call.onDigit(digit, durationMs));
    }

    @Override
    public void onEnded(InboundCall sipCall, EndReason reason) {
        Call call = services.registry().find(sipCall.id());
        if (call != null) {
            call.loop().execute(() -> call.onSipEnded(reason));
        }
    }

    /** Ends every live call with {@code session.end} reason {@code drain} (the drain deadline passed). */
    public void endAll() {
        for (Call call : services.registry().all()) {
            call.loop().execute(() -> call.hangup(io.sayline.core.control.protocol.Event.EndReason.DRAIN));
        }
    }

    private void onLoop(InboundCall sipCall, Consumer<Call> action) {
        Call call = services.registry().find(sipCall.id());
        if (call != null) {
            call.loop().execute(() -> action.accept(call));
        }
    }
}
