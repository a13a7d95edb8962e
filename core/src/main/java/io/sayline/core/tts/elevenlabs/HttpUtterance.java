package io.sayline.core.tts.elevenlabs;

import io.netty.channel.EventLoop;
import io.sayline.core.tts.Alignment;
import io.sayline.core.tts.TextSegmenter;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.elevenlabs.ElevenLabsRequests.HttpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * One utterance over the HTTP endpoints. Streaming: text is cut into pieces ({@link TextSegmenter#clauses()}); up to
 * {@link #MAX_IN_FLIGHT} pieces are requested at once (the next one while the previous streams) and their
 * audio is delivered strictly in order, each request carrying previous_text/next_text so the prosody joins.
 * {@code streaming: off}: one request with the whole text after {@link #finish()}.
 *
 * <p>Lifecycle: pieces move waiting → active (requested, head delivers) → gone; the utterance ends when
 * input is finished and no piece is left, or at the first failure that reaches the head.
 */
final class HttpUtterance implements TtsSession.Utterance {
    private static final Logger LOG = LoggerFactory.getLogger(HttpUtterance.class);
    /** Two requests at once: enough to hide a request's first-byte time behind the previous piece. */
    static final int MAX_IN_FLIGHT = 2;

    private final VendorContext vendor;
    private final UtteranceOutput out;
    private final HttpEndpoint endpoint;
    private final EventLoop io;
    private final Consumer<HttpUtterance> onDone;
    // guarded by this
    private final TextSegmenter cutter = TextSegmenter.clauses();
    // guarded by this
    private final Deque<HttpPiece> waiting = new ArrayDeque<>();
    // guarded by this
    private final Deque<HttpPiece> active = new ArrayDeque<>();
    // guarded by this
    private final StringBuilder previousText = new StringBuilder();
    // guarded by this
    private boolean finished;

    HttpUtterance(VendorContext vendor, UtteranceOutput out, HttpEndpoint endpoint, EventLoop io,
                  Consumer<HttpUtterance> onDone) {
        this.vendor = vendor;
        this.out = out;
        this.endpoint = endpoint;
        this.io = io;
        this.onDone = onDone;
    }

    String utteranceId() {
        return out.utteranceId();
    }

    Logger log() {
        return LOG;
    }

    @Override
    public synchronized void append(String text) {
        if (finished || out.isTerminal() || text == null || text.isEmpty()) {
            return;
        }
        cutter.append(text);
        if (endpoint != HttpEndpoint.CONVERT) {
            for (String piece = cutter.next(); piece != null; piece = cutter.next()) {
                waiting.add(new HttpPiece(piece, this, vendor, endpoint, io));
            }
            startWaiting();
        }
    }

    @Override
    public synchronized void finish() {
        if (finished || out.isTerminal()) {
            return;
        }
        finished = true;
        String rest = cutter.rest();
        if (rest != null) {
            waiting.add(new HttpPiece(rest, this, vendor, endpoint, io));
        }
        startWaiting();
        endIfDone();
    }

    @Override
    public synchronized void cancel() {
        out.cancel();
        stopAll();
    }

    /** Audio of {@code piece}: delivered now if it is the head, else kept until it is. False once over. */
    synchronized boolean pieceAudio(HttpPiece piece, byte[] audio, Alignment alignment) {
        if (out.isTerminal()) {
            return false;
        }
        if (active.peekFirst() == piece) {
            return out.audio(audio, alignment);
        }
        piece.bufferedBytes += audio.length;
        if (piece.bufferedBytes > HttpPiece.MAX_BUFFERED_BYTES) {
            pieceFailed(piece, vendor.errors().error(VendorErrors.MALFORMED,
                    "more than " + HttpPiece.MAX_BUFFERED_BYTES + " bytes for one piece", false));
            piece.cancel();
            return false;
        }
        piece.buffered.add(new HttpPiece.Chunk(audio, alignment));
        return true;
    }

    synchronized void pieceDone(HttpPiece piece) {
        piece.done = true;
        advance();
    }

    synchronized void pieceFailed(HttpPiece piece, TtsError error) {
        piece.failure = error;
        piece.done = true;
        advance();
    }

    /** Moves the head past finished pieces, flushing each new head's buffered audio in order. */
    private void advance() {
        HttpPiece head;
        while ((head = active.peekFirst()) != null && head.done) {
            if (head.failure != null) {
                out.error(head.failure);
                stopAll();
                return;
            }
            active.pollFirst();
            HttpPiece next = active.peekFirst();
            if (next != null) {
                next.buffered.forEach(chunk -> out.audio(chunk.audio(), chunk.alignment()));
                next.buffered.clear();
                next.bufferedBytes = 0;
            }
        }
        startWaiting();
        endIfDone();
    }

    private void startWaiting() {
        while (!out.isTerminal() && active.size() < MAX_IN_FLIGHT && !waiting.isEmpty()) {
            HttpPiece piece = waiting.pollFirst();
            StringBuilder nextText = new StringBuilder();
            waiting.forEach(p -> nextText.append(p.text).append(' '));
            nextText.append(cutter.pending());
            piece.start(previousText.toString(), nextText.toString());
            previousText.append(piece.text).append(' ');
            active.addLast(piece);
            out.requestSent();
        }
    }

    private void endIfDone() {
        if (finished && active.isEmpty() && waiting.isEmpty() && !out.isTerminal()) {
            out.end();
            onDone.accept(this);
        }
    }

    private void stopAll() {
        active.forEach(HttpPiece::cancel);
        active.clear();
        waiting.clear();
        onDone.accept(this);
    }
}
