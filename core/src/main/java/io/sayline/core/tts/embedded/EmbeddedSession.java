package io.sayline.core.tts.embedded;

import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A call's use of the embedded engine: nothing is kept warm, so it only tracks utterances to cancel. */
final class EmbeddedSession implements TtsSession {
    private final EmbeddedVendor vendor;
    private final Set<EmbeddedUtterance> live = ConcurrentHashMap.newKeySet();

    EmbeddedSession(EmbeddedVendor vendor) {
        this.vendor = vendor;
    }

    @Override
    public Utterance start(String utteranceId, TtsListener listener) {
        EmbeddedUtterance utterance = new EmbeddedUtterance(vendor, listener, live::remove);
        live.add(utterance);
        return utterance;
    }

    @Override
    public void close() {
        live.forEach(EmbeddedUtterance::cancel);
        live.clear();
    }
}
