package io.sayline.core.tts.elevenlabs;

import io.sayline.core.tts.Alignment;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.elevenlabs.ElevenLabsRequests.HttpEndpoint;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request of an utterance: a piece of its text. Reads the streamed answer on OkHttp's dispatcher
 * thread and hands audio to its {@link HttpUtterance}, which delivers pieces strictly in order. Audio of a
 * piece that is not yet at the head waits in {@link #buffered} (guarded by the utterance's lock).
 */
final class HttpPiece implements Callback {
    private static final int READ_CHUNK_BYTES = 4096;
    /** A with-timestamps line holds one chunk's base64 audio (tens of KB); anything near this is not audio. */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
    /** Audio a piece may hold while an earlier piece still plays: minutes of any format, far beyond a clause. */
    static final int MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
    /** streaming: off reads the whole answer into memory; a minute of 44.1 kHz PCM fits comfortably. */
    static final int MAX_WHOLE_BYTES = 16 * 1024 * 1024;

    /** Audio and alignment received before this piece reached the head. */
    record Chunk(byte[] audio, Alignment alignment) {
    }

    final String text;
    private final HttpUtterance owner;
    private final VendorContext vendor;
    private final HttpEndpoint endpoint;
    // guarded by owner
    final List<Chunk> buffered = new ArrayList<>();
    // guarded by owner
    long bufferedBytes;
    // guarded by owner
    boolean done;
    // guarded by owner
    TtsError failure;
    private volatile Call call;
    private volatile boolean cancelled;
    private Request request;
    private int attempt;
    // only the dispatcher thread reading this piece's answer touches it
    private boolean audioSeen;

    HttpPiece(String text, HttpUtterance owner, VendorContext vendor, HttpEndpoint endpoint) {
        this.text = text;
        this.owner = owner;
        this.vendor = vendor;
        this.endpoint = endpoint;
    }

    void start(String previousText, String nextText) {
        request = vendor.requests().http(endpoint, text, previousText, nextText);
        send();
    }

    void cancel() {
        cancelled = true;
        Call current = call;
        if (current != null) {
            current.cancel();
        }
    }

    private void send() {
        if (cancelled) {
            return;
        }
        Call next = vendor.http().newCall(request);
        call = next;
        next.enqueue(this);
    }

    @Override
    public void onFailure(Call failed, IOException e) {
        if (!cancelled) {
            owner.pieceFailed(this, vendor.errors().io(e, false, false));
        }
    }

    @Override
    public void onResponse(Call answered, Response response) {
        try (response) {
            if (!response.isSuccessful()) {
                failOrRetry(response);
                return;
            }
            ResponseBody body = response.body();
            if (body == null) {
                owner.pieceFailed(this, vendor.errors().error(VendorErrors.DROPPED, "response without a body", false));
                return;
            }
            boolean complete = switch (endpoint) {
                case STREAM -> readRaw(body.source());
                case STREAM_WITH_TIMESTAMPS -> readTimestamps(body.source());
                case CONVERT -> readWhole(body.source());
            };
            if (complete) {
                owner.pieceDone(this);
            }
        } catch (IOException e) {
            if (!cancelled) {
                owner.pieceFailed(this, vendor.errors().io(e, true, audioSeen));
            }
        } catch (VendorMessage.MalformedException e) {
            owner.pieceFailed(this, vendor.errors().error(VendorErrors.MALFORMED, e.getMessage(), false));
        }
    }

    private void failOrRetry(Response response) {
        TtsError error = vendor.errors().httpStatus(response.code(), VendorErrors.body(response));
        if (error.retryable() && attempt < vendor.maxRetries() && !cancelled) {
            attempt++;
            long delay = vendor.retryDelayMs(attempt);
            owner.log().info("tts {} utterance {}: {} ({}), retry {} in {} ms", vendor.name(),
                    owner.utteranceId(), error.code(), error.message(), attempt, delay);
            try {
                vendor.timer().schedule(this::send, delay, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException closing) {
                owner.log().debug("tts {} closing, no retry", vendor.name());
            }
        }
        owner.pieceFailed(this, error);
    }

    /** Raw audio: every read is a chunk; boundaries mean nothing. Returns false when cancelled. */
    private boolean readRaw(BufferedSource source) throws IOException {
        byte[] buffer = new byte[READ_CHUNK_BYTES];
        int n;
        while ((n = source.read(buffer)) != -1) {
            if (n > 0) {
                audioSeen = true;
                if (!owner.pieceAudio(this, Arrays.copyOf(buffer, n), null)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Newline-separated JSON objects, the last possibly without a newline. */
    private boolean readTimestamps(BufferedSource source) throws IOException, VendorMessage.MalformedException {
        while (!source.exhausted()) {
            long newline = source.indexOf((byte) '\n', 0, MAX_LINE_BYTES);
            String line;
            if (newline >= 0) {
                line = source.readUtf8(newline);
                source.skip(1);
            } else if (source.getBuffer().size() >= MAX_LINE_BYTES) {
                throw new VendorMessage.MalformedException("with-timestamps line longer than " + MAX_LINE_BYTES);
            } else {
                line = source.readUtf8();
            }
            if (line.isBlank()) {
                continue;
            }
            VendorMessage message = VendorMessage.parseTimestampsLine(vendor.json(), line);
            if (message.error() != null) {
                owner.pieceFailed(this, vendor.errors().vendorMessage(message.error()));
                return false;
            }
            audioSeen |= message.audio().length > 0;
            if (!owner.pieceAudio(this, message.audio(), message.alignment())) {
                return false;
            }
        }
        return true;
    }

    /** streaming: off — the whole answer, delivered as one chunk once complete (for comparison runs). */
    private boolean readWhole(BufferedSource source) throws IOException, VendorMessage.MalformedException {
        Buffer whole = new Buffer();
        long n;
        while ((n = source.read(whole, READ_CHUNK_BYTES)) != -1) {
            if (whole.size() > MAX_WHOLE_BYTES) {
                throw new VendorMessage.MalformedException("audio longer than " + MAX_WHOLE_BYTES + " bytes");
            }
            if (n > 0) {
                audioSeen = true;
            }
        }
        return owner.pieceAudio(this, whole.readByteArray(), null);
    }
}
