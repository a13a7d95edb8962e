package io.sayline.core.speech;

import io.netty.util.concurrent.EventExecutor;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's TTS session as its call loop sees it: every call into the vendor (opening the session, start, append,
 * finish, cancel, close) is queued to one thread of the {@code tts-io} group and runs there, in the order the
 * loop made them.
 *
 * <p>Why: the vendors guard their state with locks that their own threads hold while they parse JSON, decode
 * base64 and transcode a chunk (the multi-context socket's lock, an utterance's output lock). A loop calling
 * into them directly would wait behind that work, and a {@code say}, {@code clear} or barge-in would stall
 * every stream the loop paces: priority inversion on a real-time thread. Here the loop only puts a task on
 * Netty's lock-free task queue; it shares no lock with any vendor thread (THREADING.md, "Hand-offs"). Opening
 * runs there too, so creating sockets and first-use initialisation of the vendor's classes stay off the loop.
 *
 * <p>What the loop gives up: {@link Utterance#cancel()} takes effect a moment later, so a callback may still
 * arrive after it returns. {@link Speaker} drops (and counts) what arrives for a cancelled utterance.
 */
public final class OffLoopTtsSession implements TtsSession {
    private static final Logger LOG = LoggerFactory.getLogger(OffLoopTtsSession.class);

    private final EventExecutor io;
    private final String callId;
    private TtsSession vendorSession; // confined to io

    private OffLoopTtsSession(EventExecutor io, String callId) {
        this.io = io;
        this.callId = callId;
    }

    /**
     * @param io     the {@code tts-io} thread this call's vendor work runs on
     * @param opener opens the vendor's session; runs on {@code io}
     */
    public static OffLoopTtsSession open(EventExecutor io, String callId, Supplier<TtsSession> opener) {
        OffLoopTtsSession session = new OffLoopTtsSession(io, callId);
        session.run("open", () -> session.vendorSession = opener.get());
        return session;
    }

    @Override
    public Utterance start(String utteranceId, TtsListener listener) {
        QueuedUtterance utterance = new QueuedUtterance();
        run("start", () -> {
            if (vendorSession != null) { // null when opening failed: logged, and nothing is said
                utterance.vendorUtterance = vendorSession.start(utteranceId, listener);
            }
        });
        return utterance;
    }

    @Override
    public void close() {
        run("close", () -> {
            if (vendorSession != null) {
                vendorSession.close();
            }
        });
    }

    /** Queues vendor work for {@code io}; a vendor that throws is logged, never allowed to stop the thread. */
    private void run(String what, Runnable work) {
        try {
            io.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("call {}: tts {} failed", callId, what, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("call {}: tts {} dropped: the server is stopping", callId, what);
        }
    }

    /** The loop's handle on an utterance; the vendor's own exists only on {@code io}. */
    private final class QueuedUtterance implements Utterance {
        private Utterance vendorUtterance; // confined to io

        @Override
        public void append(String text) {
            run("append", () -> {
                if (vendorUtterance != null) {
                    vendorUtterance.append(text);
                }
            });
        }

        @Override
        public void finish() {
            run("finish", () -> {
                if (vendorUtterance != null) {
                    vendorUtterance.finish();
                }
            });
        }

        @Override
        public void cancel() {
            run("cancel", () -> {
                if (vendorUtterance != null) {
                    vendorUtterance.cancel();
                }
            });
        }
    }
}
