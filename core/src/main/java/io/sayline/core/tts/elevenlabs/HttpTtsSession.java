package io.sayline.core.tts.elevenlabs;

import io.netty.channel.EventLoop;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.elevenlabs.ElevenLabsRequests.HttpEndpoint;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A call's use of the HTTP endpoints ({@code streaming: http} or {@code off}), its answers read on the call's
 * vendor I/O loop. Keeps nothing warm beyond the kept-alive connections of that loop; tracks live utterances
 * only so {@link #close()} can cancel them.
 */
final class HttpTtsSession implements TtsSession {
    private final VendorContext vendor;
    private final HttpEndpoint endpoint;
    private final EventLoop io;
    private final Set<HttpUtterance> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HttpTtsSession(VendorContext vendor, HttpEndpoint endpoint, EventLoop io) {
        this.vendor = vendor;
        this.endpoint = endpoint;
        this.io = io;
    }

    @Override
    public Utterance start(String utteranceId, TtsListener listener) {
        UtteranceOutput out = new UtteranceOutput(utteranceId, listener, vendor.format());
        HttpUtterance utterance = new HttpUtterance(vendor, out, endpoint, io, live::remove);
        if (closed) {
            out.error(vendor.errors().error(VendorErrors.DROPPED, "session closed", false));
            return utterance;
        }
        live.add(utterance);
        return utterance;
    }

    @Override
    public void close() {
        closed = true;
        live.forEach(HttpUtterance::cancel);
        live.clear();
    }
}
