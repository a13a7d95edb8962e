package io.sayline.core.call;

import io.netty.channel.EventLoop;
import io.sayline.config.ConfigException;
import io.sayline.config.TtsVendorConfig;
import io.sayline.config.VendorOverrides;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.TtsVendor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which voice speaks for a call: the route's TTS vendor until the bot's {@code configure} picks another
 * configured block ({@code vendor}) or overrides keys of it. A replaced session is kept until the call
 * ends, so utterances already started finish with the voice they began with. On the call loop.
 */
final class CallVoice {
    /**
     * Voices one call may open: each {@code configure} opens a session (a vendor socket, for WebSocket streaming)
     * that is kept until the call ends, so a bot that reconfigured in a loop would hold sockets without bound.
     */
    static final int MAX_SESSIONS = 16;
    private final String callId;
    private final CallServices services;
    /** This call's vendor work runs here, off the call loop. */
    private final EventLoop io;
    private TtsVendor vendor;
    private TtsSession session;
    private final List<TtsSession> retired = new ArrayList<>();

    CallVoice(String callId, CallServices services, String vendorName) {
        this.callId = callId;
        this.services = services;
        this.io = services.ttsIo().next();
        this.vendor = services.vendors().apply(vendorName);
    }

    TtsVendor vendor() {
        return vendor;
    }

    /** The session for new utterances; opened on first use (it may warm a vendor socket). */
    TtsSession session() {
        if (session == null) {
            session = services.openTts(io, vendor, new TtsSessionContext(callId, null));
        }
        return session;
    }

    /** True when another {@code configure} would open more than {@link #MAX_SESSIONS} sessions in this call. */
    boolean full() {
        return retired.size() + 1 >= MAX_SESSIONS;
    }

    /**
     * Applies a {@code configure}: checked like the configuration file, so a bad one changes nothing.
     *
     * @throws ConfigException naming the offending key
     */
    void configure(Map<String, Object> overrides) {
        Map<String, Object> keys = new LinkedHashMap<>(overrides);
        Object vendorKey = keys.remove("vendor");
        String name = vendorKey == null ? vendor.name() : String.valueOf(vendorKey);
        TtsVendorConfig base = services.voices().block(name);
        if (base == null) {
            throw new ConfigException("configure.tts.vendor", "'" + name + "' is not a configured tts vendor");
        }
        TtsVendorConfig partial = VendorOverrides.parse("configure.tts", base, keys);
        TtsVendor target;
        try {
            target = services.vendors().apply(name);
        } catch (IllegalArgumentException e) { // an admin page service removed a moment ago
            throw new ConfigException("configure.tts.vendor", "'" + name + "' is no longer in use");
        }
        if (session != null) {
            retired.add(session);
        }
        vendor = target;
        session = services.openTts(io, target, new TtsSessionContext(callId, keys.isEmpty() ? null : partial));
    }

    /** The thread this call's vendor work is queued to. */
    EventLoop io() {
        return io;
    }

    void close() {
        if (session != null) {
            session.close();
        }
        retired.forEach(TtsSession::close);
    }
}
