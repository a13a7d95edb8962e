package io.sayline.core.tts;

import io.netty.channel.EventLoop;
import io.sayline.config.TtsVendorConfig;

/**
 * What a vendor may know about the call it speaks for.
 *
 * @param callId    Sayline's call id, for logs and vendor request tagging
 * @param overrides per-call {@code configure} overrides of the vendor block, or null
 * @param io        the call's vendor I/O loop, where the session is opened and its network answers may be read;
 *                  null outside a call (the admin page's test, tools), where a vendor uses a loop of its own
 */
public record TtsSessionContext(String callId, TtsVendorConfig overrides, EventLoop io) {

    public TtsSessionContext(String callId, TtsVendorConfig overrides) {
        this(callId, overrides, null);
    }

    /** This context with the call's vendor I/O loop. */
    public TtsSessionContext on(EventLoop loop) {
        return new TtsSessionContext(callId, overrides, loop);
    }
}
