package io.sayline.core.tts.elevenlabs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.ByteProcessor;
import io.sayline.core.net.HttpAnswer;
import io.sayline.core.net.HttpExchange;
import io.sayline.core.net.NettyClients;
import io.sayline.core.tts.Alignment;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.elevenlabs.ElevenLabsRequests.HttpEndpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request of an utterance: a piece of its text. Its answer is read on the call's vendor I/O loop
 * ({@link io.sayline.core.net.StreamingHttpClient}) and its audio handed to its {@link HttpUtterance}, which
 * delivers pieces strictly in order. Audio of a piece that is not yet at the head waits in {@link #buffered}
 * (guarded by the utterance's lock).
 */
final class HttpPiece implements HttpAnswer {
    private static final int HTTP_OK_MIN = 200;
    private static final int HTTP_OK_MAX = 299;
    /** A with-timestamps line holds one chunk's base64 audio (tens of KB); anything near this is not audio. */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
    /** Audio a piece may hold while an earlier piece still plays: minutes of any format, far beyond a clause. */
    static final int MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
    /** streaming: off reads the whole answer into memory; a minute of 44.1 kHz PCM fits comfortably. */
    static final int MAX_WHOLE_BYTES = 16 * 1024 * 1024;
    /** A with-timestamps line of a 200 ms pcm_16000 chunk is about 9 KB. */
    private static final int PENDING_INITIAL_BYTES = 16 * 1024;

    /** Audio and alignment received before this piece reached the head. */
    record Chunk(byte[] audio, Alignment alignment) {
    }

    final String text;
    private final HttpUtterance owner;
    private final VendorContext vendor;
    private final HttpEndpoint endpoint;
    private final EventLoop io;
    // guarded by owner
    final List<Chunk> buffered = new ArrayList<>();
    // guarded by owner
    long bufferedBytes;
    // guarded by owner
    boolean done;
    // guarded by owner
    TtsError failure;
    private volatile HttpExchange exchange;
    private volatile boolean cancelled;
    private String previousText;
    private String nextText;
    private int attempt;
    // the fields below are touched only on io, where the answer is read
    private int status;
    private boolean audioSeen;
    /**
     * Bytes of the answer not yet handed on: a partial with-timestamps line, the whole audio, or an error body. A
     * pooled heap buffer (fresh ones were a tenth of what the server allocated at 500 talking calls), so lines
     * parse from its array; released on {@code io} when the answer ends, fails or is cancelled.
     */
    private ByteBuf pending;

    HttpPiece(String text, HttpUtterance owner, VendorContext vendor, HttpEndpoint endpoint, EventLoop io) {
        this.text = text;
        this.owner = owner;
        this.vendor = vendor;
        this.endpoint = endpoint;
        this.io = io;
    }

    void start(String previousText, String nextText) {
        this.previousText = previousText;
        this.nextText = nextText;
        send();
    }

    void cancel() {
        cancelled = true;
        HttpExchange current = exchange;
        if (current != null) {
            current.cancel();
        }
        NettyClients.runOn(io, this::releasePending); // the buffer is only ever touched on io
    }

    private void send() {
        if (cancelled) {
            return;
        }
        status = 0;
        releasePending();
        exchange = vendor.http().send(io, vendor.requests().http(endpoint, text, previousText, nextText), this);
    }

    @Override
    public void onHead(int code, HttpHeaders headers) {
        status = code;
    }

    @Override
    public boolean onContent(ByteBuf content) {
        boolean goOn = false;
        try {
            if (cancelled) {
                return false;
            }
            if (!isSuccess()) {
                goOn = keep(content, VendorErrors.MAX_ERROR_BODY_BYTES, false);
                return goOn;
            }
            goOn = switch (endpoint) {
                case STREAM -> raw(content);
                case STREAM_WITH_TIMESTAMPS -> timestamps(content);
                case CONVERT -> keep(content, MAX_WHOLE_BYTES, true);
            };
            return goOn;
        } catch (VendorMessage.MalformedException e) {
            owner.pieceFailed(this, vendor.errors().error(VendorErrors.MALFORMED, e.getMessage(), false));
            return false;
        } finally {
            if (!goOn) {
                releasePending(); // the exchange is cancelled: nothing more arrives
            }
        }
    }

    @Override
    public void onEnd() {
        try {
            if (!cancelled) {
                ended();
            }
        } finally {
            releasePending();
        }
    }

    private void ended() {
        if (!isSuccess()) {
            String body = pending == null ? "" : pending.toString(StandardCharsets.UTF_8);
            failOrRetry(vendor.errors().httpStatus(status, body));
            return;
        }
        try {
            boolean complete = switch (endpoint) {
                case STREAM -> true;
                case STREAM_WITH_TIMESTAMPS -> pending == null || line(pending, pending.readableBytes());
                case CONVERT -> owner.pieceAudio(this,
                        pending == null ? new byte[0] : bytes(pending, pending.readableBytes()), null);
            };
            if (complete) {
                owner.pieceDone(this);
            }
        } catch (VendorMessage.MalformedException e) {
            owner.pieceFailed(this, vendor.errors().error(VendorErrors.MALFORMED, e.getMessage(), false));
        }
    }

    @Override
    public void onFailure(IOException cause, boolean headSeen) {
        releasePending();
        if (!cancelled) {
            owner.pieceFailed(this, vendor.errors().io(cause, headSeen, audioSeen));
        }
    }

    private boolean isSuccess() {
        return status >= HTTP_OK_MIN && status <= HTTP_OK_MAX;
    }

    private void failOrRetry(TtsError error) {
        if (error.retryable() && attempt < vendor.maxRetries() && !cancelled) {
            attempt++;
            long delay = vendor.retryDelayMs(attempt);
            owner.log().info("tts {} utterance {}: {} ({}), retry {} in {} ms", vendor.name(),
                    owner.utteranceId(), error.code(), error.message(), attempt, delay);
            try {
                io.schedule(this::send, delay, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException closing) {
                owner.log().debug("tts {} closing, no retry", vendor.name());
            }
        }
        owner.pieceFailed(this, error);
    }

    /** Raw audio: every piece read is a chunk; boundaries mean nothing. */
    private boolean raw(ByteBuf content) {
        audioSeen = true;
        return owner.pieceAudio(this, bytes(content, content.readableBytes()), null);
    }

    /** Newline-separated JSON objects, the last possibly without a newline: each complete line is handed on. */
    private boolean timestamps(ByteBuf content) throws VendorMessage.MalformedException {
        keep(content, Integer.MAX_VALUE, false);
        int newline;
        while ((newline = pending.forEachByte(ByteProcessor.FIND_LF)) >= 0) {
            if (!line(pending, newline - pending.readerIndex()) || pending == null) {
                return false; // over, or cancelled while its audio was handed on
            }
            pending.skipBytes(1);
        }
        if (pending.readableBytes() >= MAX_LINE_BYTES) {
            throw new VendorMessage.MalformedException("with-timestamps line longer than " + MAX_LINE_BYTES);
        }
        pending.discardReadBytes();
        return true;
    }

    /** Parses and hands on the next {@code length} bytes of {@code from} as one line; false once over. */
    private boolean line(ByteBuf from, int length) throws VendorMessage.MalformedException {
        int start = from.readerIndex();
        from.skipBytes(length);
        if (isBlank(from, start, length)) {
            return true;
        }
        VendorMessage message = VendorMessage.parseTimestampsLine(vendor.json(), from.array(),
                from.arrayOffset() + start, length);
        if (message.error() != null) {
            owner.pieceFailed(this, vendor.errors().vendorMessage(message.error()));
            return false;
        }
        audioSeen |= message.audio().length > 0;
        return owner.pieceAudio(this, message.audio(), message.alignment());
    }

    /** Appends {@code content} to {@link #pending} (a heap buffer, so lines parse from its array). */
    private boolean keep(ByteBuf content, int limit, boolean isAudio) throws VendorMessage.MalformedException {
        if (pending == null) {
            int initial = Math.max(content.readableBytes(), PENDING_INITIAL_BYTES);
            pending = PooledByteBufAllocator.DEFAULT.heapBuffer(initial);
        }
        if (pending.readableBytes() + content.readableBytes() > limit) {
            if (isAudio) {
                throw new VendorMessage.MalformedException("audio longer than " + limit + " bytes");
            }
            pending.writeBytes(content, Math.max(0, limit - pending.readableBytes())); // an error body is cut short
            return true;
        }
        audioSeen |= isAudio;
        pending.writeBytes(content);
        return true;
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private static boolean isBlank(ByteBuf buf, int start, int length) {
        return buf.forEachByte(start, length, b -> Character.isWhitespace(b)) == -1;
    }

    private static byte[] bytes(ByteBuf from, int length) {
        byte[] copy = new byte[length];
        from.readBytes(copy);
        return copy;
    }
}
