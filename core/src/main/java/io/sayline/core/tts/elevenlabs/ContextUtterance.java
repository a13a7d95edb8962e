package io.sayline.core.tts.elevenlabs;

import io.sayline.core.net.StallWatch;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsSession;

import java.util.ArrayList;
import java.util.List;

/**
 * One utterance as a context of the call's {@code multi-stream-input} socket. Every method holds the
 * session's lock (one lock per socket: no ordering puzzles between contexts and the socket), and so do the
 * session's deliveries into it.
 */
final class ContextUtterance implements TtsSession.Utterance {
    private final MultiContextTtsSession session;
    private final VendorContext vendor;
    private final String contextId;
    private final UtteranceOutput out;
    private final StallWatch stall;
    // guarded by session
    private final StringBuilder textSoFar = new StringBuilder();
    // guarded by session
    private boolean finished;
    // guarded by session
    private final FirstSentenceFlush firstSentence;

    ContextUtterance(MultiContextTtsSession session, VendorContext vendor, String contextId, UtteranceOutput out) {
        this.session = session;
        this.vendor = vendor;
        this.contextId = contextId;
        this.out = out;
        this.firstSentence = new FirstSentenceFlush(Boolean.TRUE.equals(vendor.config().autoMode()));
        this.stall = new StallWatch(vendor.timer(), vendor.stallTimeoutMs(), vendor.nanoClock(), this::stalled);
    }

    String contextId() {
        return contextId;
    }

    UtteranceOutput out() {
        return out;
    }

    @Override
    public void append(String text) {
        synchronized (session) {
            if (finished || out.isTerminal() || text == null || text.isEmpty()) {
                return;
            }
            textSoFar.append(text);
            session.send(vendor.requests().textMessage(text, contextId));
            if (firstSentence.due(textSoFar)) {
                session.send(vendor.requests().flushMessage(contextId));
            }
            out.requestSent();
        }
    }

    @Override
    public void finish() {
        synchronized (session) {
            if (finished || out.isTerminal()) {
                return;
            }
            finished = true;
            if (textSoFar.toString().isBlank()) {
                // Nothing to say: the vendor would generate no audio and might send no final message.
                session.send(vendor.requests().closeContextMessage(contextId));
                out.end();
                session.forget(this);
                return;
            }
            // The vendor sends a context's final message only when the context closes; a close after the
            // flush keeps flushing (multi-stream-input schema, CloseContextClient) and frees the context
            // slot, of which a socket has only five.
            if (firstSentence.pending(textSoFar)) {
                session.send(vendor.requests().flushMessage(contextId));
            }
            session.send(vendor.requests().closeContextMessage(contextId));
            stall.arm();
        }
    }

    /** Barge-in: ElevenLabs' pattern is to close the context and speak the next turn in a new one. */
    @Override
    public void cancel() {
        synchronized (session) {
            stall.disarm();
            if (out.cancel()) {
                session.send(vendor.requests().closeContextMessage(contextId));
            }
            session.forget(this);
        }
    }

    /** The messages that (re)create this context on a fresh socket: init, the text so far, flush and close. */
    List<String> replay() {
        synchronized (session) {
            List<String> messages = new ArrayList<>();
            messages.add(vendor.requests().initMessage(contextId));
            if (textSoFar.length() > 0) {
                messages.add(vendor.requests().textMessage(textSoFar.toString(), contextId));
            }
            if (finished) {
                messages.add(vendor.requests().flushMessage(contextId));
                messages.add(vendor.requests().closeContextMessage(contextId));
            }
            return messages;
        }
    }

    /** A vendor message for this context; called with the session lock held. */
    void deliver(VendorMessage message) {
        if (message.audio().length > 0) {
            stall.touch();
        }
        if (!out.audio(message.audio(), message.alignment())) {
            return;
        }
        if (message.isFinal()) {
            stall.disarm();
            out.end();
            session.forget(this);
        }
    }

    /** Ends this context with {@code error}; called with the session lock held. */
    void fail(TtsError error) {
        stall.disarm();
        out.error(error);
    }

    private void stalled() {
        synchronized (session) {
            fail(vendor.errors().noAudio(out.audioSeen(), vendor.stallTimeoutMs()));
            // The vendor may still be generating for it: stop that and free the context slot (5 per socket).
            session.send(vendor.requests().closeContextMessage(contextId));
            session.forget(this);
        }
    }
}
