package io.sayline.core.tts.elevenlabs;

import io.netty.channel.EventLoop;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A call's use of single-context {@code stream-input}: a socket per utterance, because the vendor closes
 * it after the end message. Tracks live utterances only so {@link #close()} can cancel them.
 */
final class StreamInputTtsSession implements TtsSession {
    private final VendorContext vendor;
    private final EventLoop io;
    private final Set<StreamInputUtterance> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    StreamInputTtsSession(VendorContext vendor, EventLoop io) {
        this.vendor = vendor;
        this.io = io;
    }

    @Override
    public Utterance start(String utteranceId, TtsListener listener) {
        UtteranceOutput out = new UtteranceOutput(utteranceId, listener, vendor.format());
        StreamInputUtterance utterance = new StreamInputUtterance(vendor, out, io, live::remove);
        if (closed) {
            out.error(vendor.errors().error(VendorErrors.DROPPED, "session closed", false));
            return utterance;
        }
        live.add(utterance);
        utterance.open();
        return utterance;
    }

    @Override
    public void close() {
        closed = true;
        live.forEach(StreamInputUtterance::cancel);
        live.clear();
    }
}
